"""Pages and API of the provision review: a supervisor opens a review, replays an edited copy,
watches the progress (htmx), reads the changed cases, records the conclusion; the ministry lists it."""

import re

import pytest

from zhifa.law.models import Benchmark
from zhifa.notifications.models import Notification
from zhifa.provision_review.models import ProvisionReview, Replay
from zhifa.records.models import JournalEntry

from .conftest import PROVISION, decided_case


@pytest.fixture
def cases(world, people):
    return [decided_case(world.hangzhou, area_m2=a, n=i) for i, a in enumerate([1, 3, 7])]


def _no_python_values(html: str):
    text = re.sub(r"<[^>]+>", " ", html)
    for word in ("None", "True", "False", "penalise", "must_not_penalise"):
        assert not re.search(rf"\b{word}\b", text), word


def test_the_whole_flow_through_the_pages(
    client, people, cases, django_capture_on_commit_callbacks
):
    client.force_login(people.zj_supervisor)
    page = client.get("/provision-review/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "《中华人民共和国公路法》第七十六条第（一）项" in html and "纠错率" in html
    _no_python_values(html)
    # open the review from the provision's page
    response = client.post(f"/provision-review/provisions/{PROVISION}/")
    review = ProvisionReview.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/provision-review/{review.pk}/"
    html = client.get(f"/provision-review/{review.pk}/").content.decode()
    assert "修改现行基准" in html and "上传Excel基准" in html
    _no_python_values(html)
    table = Benchmark.objects.get(province__name="浙江省", provision__data_id=PROVISION)
    form = {"base": table.pk, "note": "降低一般档"}
    for i, lv in enumerate(table.data["levels"]):
        form[f"low_{i}"], form[f"high_{i}"] = lv["fine_min"], lv["fine_max"]
    form["low_1"], form["high_1"] = "2000", "4000"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/provision-review/{review.pk}/replays/form/", form)
    replay = Replay.objects.get()
    assert response["Location"] == f"/provision-review/replays/{replay.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "已完成" in html and cases[1].case_number in html and cases[0].case_number not in html
    assert (
        'data-levels="[[&quot;轻微&quot;, 1, 1], [&quot;一般&quot;, 1, 1]' in html
    )  # the chart's data
    assert "provision_review/replay.js" in html and "<script>" not in html  # CSP: no inline script
    _no_python_values(html)
    # the htmx poll answers the progress fragment only
    frag = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'id="replay-progress"' in frag and "<html" not in frag and "hx-trigger" not in frag
    # the conclusion, with reasons; the ministry is told and lists it
    response = client.post(
        f"/provision-review/{review.pk}/conclusion/",
        {"conclusion": "amend", "reasons": "一般档起点偏高，建议下调至2000元。"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.conclusion == "amend" and review.concluded_by == people.zj_supervisor
    assert JournalEntry.objects.filter(event_type="provision_review.concluded").count() == 1
    assert (
        Notification.objects.filter(
            user=people.mot_supervisor, kind="provision_review.concluded"
        ).count()
        == 1
    )
    client.force_login(people.mot_supervisor)
    html = client.get("/provision-review/").content.decode()
    assert "建议修改" in html and "一般档起点偏高" in html
    # Sichuan's supervisor sees none of it
    client.force_login(people.sc_supervisor)
    assert client.get(f"/provision-review/{review.pk}/").status_code == 404
    assert client.get(f"/provision-review/replays/{replay.pk}/").status_code == 404
    assert "一般档起点偏高" not in client.get("/provision-review/").content.decode()


def test_bad_input_is_a_message_not_a_500(client, people, cases):
    client.force_login(people.zj_supervisor)
    client.post(f"/provision-review/provisions/{PROVISION}/")
    review = ProvisionReview.objects.get()
    table = Benchmark.objects.get(province__name="浙江省", provision__data_id=PROVISION)
    response = client.post(
        f"/provision-review/{review.pk}/replays/form/",
        {"base": table.pk, "low_4": "20000", "high_4": "90000"},
        follow=True,
    )
    assert response.status_code == 200 and "超出法定幅度" in response.content.decode()
    response = client.post(
        f"/provision-review/{review.pk}/replays/form/", {"base": "x"}, follow=True
    )
    assert response.status_code == 200 and "请选择" in response.content.decode()
    response = client.post(
        f"/provision-review/{review.pk}/conclusion/",
        {"conclusion": "keep", "reasons": " "},
        follow=True,
    )
    assert "请写明结论的理由" in response.content.decode()
    assert not Replay.objects.exists()
    assert ProvisionReview.objects.get().conclusion == ""


def test_an_officer_is_refused_and_a_head_reads_only(client, people, cases):
    client.force_login(people.hz_officer)
    assert client.get("/provision-review/").status_code == 403
    client.force_login(people.hz_head)
    assert client.get("/provision-review/").status_code == 200
    assert client.post(f"/provision-review/provisions/{PROVISION}/").status_code == 403
    assert not ProvisionReview.objects.exists()


def test_the_api(client, people, cases, django_capture_on_commit_callbacks):
    client.force_login(people.zj_supervisor)
    rows = client.get("/api/v1/provision-review/provisions").json()
    assert [(r["provision_id"], r["decided"]) for r in rows] == [(PROVISION, 3)]
    review = client.post(
        "/api/v1/provision-review/reviews",
        {"provision_id": PROVISION},
        content_type="application/json",
    )
    assert review.status_code == 201
    rid = review.json()["id"]
    again = client.post(
        "/api/v1/provision-review/reviews",
        {"provision_id": PROVISION},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "provision_review.already_open"
    table = Benchmark.objects.get(province__name="浙江省", provision__data_id=PROVISION)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/api/v1/provision-review/reviews/{rid}/replays",
            {"base_id": table.pk, "levels": [{"index": 1, "fine_min": 2000, "fine_max": 4000}]},
            content_type="application/json",
        )
    assert started.status_code == 202
    replay_id = started.json()["id"]
    got = client.get(f"/api/v1/provision-review/replays/{replay_id}").json()
    assert (got["status"], got["done"], got["tally"]["changed"]) == ("done", 3, 1)
    changes = client.get(f"/api/v1/provision-review/replays/{replay_id}/changes").json()
    assert [c["case_id"] for c in changes] == [cases[1].pk]
    refused = client.post(f"/api/v1/provision-review/replays/{replay_id}/cancel")
    assert refused.status_code == 409 and refused.json()["code"] == "provision_review.not_running"
    done = client.post(
        f"/api/v1/provision-review/reviews/{rid}/conclusion",
        {"conclusion": "keep", "reasons": "推演表明影响有限。"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["conclusion"] == "keep"
