"""Refusals that would tell an attacker something: they must not."""

import json

from zhifa import testing


def test_assigning_another_agencys_officer_names_nobody(sec, client):
    stranger = testing.make_officer(
        sec.world.ningbo, full_name="宁波秘密人员", username="nb_secret"
    )
    client.force_login(sec.users["head"])
    url = f"/api/v1/cases/{sec.case.pk}/officers"

    def assign(officer_id):
        return client.post(url, json.dumps({"officers": [officer_id]}), "application/json")

    other = assign(stranger.pk)
    missing = assign(10**9)
    assert other.status_code == missing.status_code == 422, other.content
    text = other.content.decode("unicode_escape")
    assert "宁波秘密人员" not in text and "nb_secret" not in text
    # another agency's officer looks exactly like one who does not exist
    body, body_missing = other.json(), missing.json()
    assert body["code"] == body_missing["code"] == "officer_not_found"
    assert body["message"] == body_missing["message"]
