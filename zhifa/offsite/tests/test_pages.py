"""The streaming API (parts sent again are recognised) and the pages a reviewer uses."""

import io
import json

import pytest

from zhifa.apitokens import services as tokens
from zhifa.cases.models import Case
from zhifa.offsite.models import IntakeBatch, LineError, Record

from .test_intake import EXPECTED_ERRORS, fixture_lines


def records(image):
    """The fixture lines as API objects; the malformed line 10 becomes an object without fields."""
    return [json.loads(x) if x.endswith("}") else {"plate": "?"} for x in fixture_lines(image)]


@pytest.mark.django_db
def test_a_weigh_station_streams_parts_and_a_part_sent_again_stores_nothing(client, world, offsite):
    issued = tokens.create_token(
        name="杭州治超站系统", agency=world.hangzhou, permissions=["intake:write"]
    )
    auth = {"Authorization": f"Bearer {issued.secret}"}
    rows = records(offsite["image"])
    url = "/api/v1/offsite/batches/station-2026-03-02/records"

    def send(offset, part, last=False):
        body = {"offset": offset, "records": part, "last": last}
        return client.post(url, body, content_type="application/json", headers=auth)

    first = send(1, rows[:8])
    assert first.status_code == 200, first.content
    assert first.json()["batch"]["processed_lines"] == 8
    again = send(1, rows[:8])  # the sender did not see the answer and sends the part again
    assert again.status_code == 200 and again.json()["batch"]["accepted"] == 2
    gap = send(12, rows[11:])
    assert gap.status_code == 422 and gap.json()["code"] == "offsite_part_gap"
    done = send(9, rows[8:], last=True)
    body = done.json()["batch"]
    assert (body["state"], body["processed_lines"], body["accepted"]) == ("done", 15, 3)
    codes = dict(LineError.objects.values_list("line_no", "code"))
    assert codes[10] != "line_malformed" and set(codes) == set(EXPECTED_ERRORS)
    assert Record.objects.count() == 3 and IntakeBatch.objects.count() == 1
    reader = tokens.create_token(name="只读", agency=world.hangzhou, permissions=["cases:read"])
    refused = client.post(
        url,
        {"offset": 16, "records": rows[:1]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {reader.secret}"},
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_upload_errors_download_and_bulk_review_on_the_pages(
    client, world, offsite, django_capture_on_commit_callbacks
):
    officer = offsite["officer"]
    client.force_login(officer)
    data = ("\n".join(fixture_lines(offsite["image"])) + "\n").encode()
    upload = io.BytesIO(data)
    upload.name = "stations.jsonl"
    with django_capture_on_commit_callbacks(execute=True):  # the job, inline (no broker)
        r = client.post("/offsite/", {"file": upload})
    assert r.status_code == 302
    batch = IntakeBatch.objects.get()
    assert (batch.state, batch.processed_lines, batch.total_lines) == ("done", 15, 15)
    page = client.get(f"/offsite/batches/{batch.pk}/")
    assert "接收记录" in page.content.decode() and "未超过限定标准" in page.content.decode()
    assert "hx-get" not in page.content.decode()  # done: no more polling
    csv_text = client.get(f"/offsite/batches/{batch.pk}/errors.csv").content.decode("utf-8-sig")
    assert csv_text.count("\n") == 1 + len(EXPECTED_ERRORS) and "already_received" in csv_text
    xlsx = client.get(f"/offsite/batches/{batch.pk}/errors.xlsx")
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"
    assert client.get(f"/offsite/batches/{batch.pk}/errors.pdf").status_code == 404
    queue = client.get(f"/offsite/review/?batch={batch.pk}")
    text = queue.content.decode()
    assert "浙A12345" in text and "None" not in text
    record = Record.objects.first()
    img = client.get(f"/offsite/records/{record.pk}/images/{offsite['image']}/")
    assert img.status_code == 200
    assert client.get(f"/offsite/records/{record.pk}/images/{'cd' * 32}/").status_code == 404
    home = client.get("/workbench/")
    assert "非现场执法记录审核" in home.content.decode()
    r = client.post(
        f"/offsite/review/?batch={batch.pk}&min_excess=1000",
        {"all_matching": "1", "decision": "confirm"},
    )
    assert r.status_code == 302
    # the warning-only record (800 kg over) was outside the filter and still waits
    assert Case.objects.count() == 2
    assert list(Record.objects.filter(state="pending").values_list("excess_kg", flat=True)) == [800]
    assert client.get("/offsite/devices/").status_code == 200


@pytest.mark.django_db
def test_other_agencies_and_administrators_see_nothing(
    client, world, offsite, django_capture_on_commit_callbacks
):
    from zhifa import testing

    take = io.BytesIO(("\n".join(fixture_lines(offsite["image"])) + "\n").encode())
    take.name = "a.jsonl"
    client.force_login(offsite["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/offsite/", {"file": take})
    batch = IntakeBatch.objects.get()
    record = Record.objects.first()
    client.force_login(testing.make_officer(world.chengdu).user)
    assert client.get(f"/offsite/batches/{batch.pk}/").status_code == 404
    assert client.get(f"/offsite/batches/{batch.pk}/errors.csv").status_code == 404
    assert client.get(f"/offsite/records/{record.pk}/images/{offsite['image']}/").status_code == 404
    assert "浙A12345" not in client.get("/offsite/review/").content.decode()
    assert client.post(f"/offsite/batches/{batch.pk}/cancel/").status_code == 404
