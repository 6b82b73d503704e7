"""The oversight API: open, respond, follow up, list flags; scope and the stable error shape."""

import json
from datetime import timedelta

from django.utils import timezone

from zhifa.oversight.tests.conftest import decided


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_rectification_round_trip(world, people, client):
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    client.force_login(people.zj_supervisor)
    r = _post(
        client,
        "/api/v1/oversight/rectifications",
        {
            "agency_id": world.hangzhou.pk,
            "title": "热点整改",
            "source_kind": "hot_spot",
            "source_ref": "2026-11 投诉举报热点",
            "due": due,
        },
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert r.json()["owner_id"] == people.hz_head.pk and r.json()["state"] == "open"
    # the checker may not respond; the answer is the stable error shape
    r = _post(client, f"/api/v1/oversight/rectifications/{rid}/response", {"text": "x"})
    assert r.status_code == 403 and r.json()["code"] == "rectification_not_yours"
    client.force_login(people.hz_head)
    r = _post(client, f"/api/v1/oversight/rectifications/{rid}/response", {"text": "已整改"})
    assert r.json()["state"] == "responded"
    client.force_login(people.zj_supervisor)
    r = _post(
        client,
        f"/api/v1/oversight/rectifications/{rid}/follow-up",
        {"passed": True, "summary": "到位"},
    )
    assert r.status_code == 200 and r.json()["state"] == "closed"
    assert [x["id"] for x in client.get("/api/v1/oversight/rectifications").json()] == [rid]
    client.force_login(people.sc_supervisor)
    assert client.get(f"/api/v1/oversight/rectifications/{rid}").status_code == 404
    assert client.get("/api/v1/oversight/rectifications").json() == []


def test_bad_input_is_a_clear_refusal(world, people, client):
    client.force_login(people.zj_supervisor)
    r = _post(
        client,
        "/api/v1/oversight/rectifications",
        {"agency_id": world.chengdu.pk, "title": "x", "source_kind": "other", "due": "2030-01-01"},
    )
    assert r.status_code == 404
    r = _post(
        client,
        "/api/v1/oversight/rectifications",
        {"agency_id": world.hangzhou.pk, "title": "x", "source_kind": "other", "due": "2001-01-01"},
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_oversight_input"


def test_fine_flags(world, people, client, provision):
    cases = [decided(world.hangzhou, provision, a) for a in ("7000",) * 5 + ("9900",)]
    client.force_login(people.zj_supervisor)
    flags = client.get("/api/v1/oversight/fine-flags").json()
    assert [(f["case_id"], f["reasons"]) for f in flags] == [(cases[-1].pk, ["dispersion"])]
    assert client.get("/api/v1/oversight/fine-flags?year=1990").status_code == 422
    client.force_login(people.hz_officer)
    assert client.get("/api/v1/oversight/fine-flags").json() == []
