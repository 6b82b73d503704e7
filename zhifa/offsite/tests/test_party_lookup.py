"""APL Art. 41 para 3: the owner looks the record up on the portal with the plate and the query
code of the notice — masked, rate-limited, journaled; and through the API."""

import json

import pytest
from django.core.cache import cache

from zhifa.core import offsite as core
from zhifa.offsite import services
from zhifa.offsite.models import Record
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify

from .conftest import resident_id
from .test_intake import line, take

URL = "/gongshi/offsite/"


@pytest.fixture
def confirmed(offsite, world):
    cache.clear()
    lines = [
        line(
            plate="浙K01234",
            gross_mass_kg=60500,
            height_m="4.3",
            images=[offsite["image"]],
            owner_name="张三",
            owner_id_number=resident_id("33010619900101123"),
            owner_address="杭州市西湖区文三路1号",
        ),
        line(plate="浙K05678", images=[offsite["image"]]),
    ]
    take(offsite, world, lines, name="owner.jsonl")
    officer = offsite["officer"]
    ids = list(Record.objects.order_by("line_no").values_list("pk", flat=True))
    services.review(actor=officer, record_ids=ids[:1], confirm=True)
    return Record.objects.get(pk=ids[0]), Record.objects.get(pk=ids[1])


@pytest.mark.django_db
def test_the_owner_sees_the_record_with_plate_and_notice_code(client, offsite, confirmed):
    record, _ = confirmed
    assert record.query_code and core.normalise_query_code(record.query_code)
    shown_before = JournalEntry.objects.filter(event_type="offsite.record_shown_to_party").count()
    # the notice printed to the owner carries the code and the page
    entry = JournalEntry.objects.get(event_type="offsite.owner_notified")
    notice = json.loads(entry.payload)["notice"]
    assert core.format_query_code(record.query_code) in notice and URL in notice

    typed = core.format_query_code(record.query_code).lower()  # as copied from paper
    page = client.post(URL, {"plate": "浙K01234", "code": typed})
    assert page.status_code == 200
    text = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    for shown in ("60500", "49000", "超限11500千克", "高4.3米", "第四十三条", "第四十五条"):
        assert shown in text, shown
    assert record.images[0] in text and "ZJ-HZ-001" in text
    assert "在检定（校准）有效期内" in text
    # masked: no full plate, no owner name, never the ID number or the address
    assert "浙K01234" not in text.replace('value="浙K01234"', "")
    assert "张某" in text and "张三" not in text
    assert "330106" not in text and "文三路" not in text
    entries = JournalEntry.objects.filter(event_type="offsite.record_shown_to_party")
    assert entries.count() == shown_before + 1
    assert json.loads(entries.last().payload)["digest"] == record.digest
    assert verify().ok

    # the image opens through the signed link on the page, and only that way
    link = text.split('href="/gongshi/offsite/images/')[1].split('"')[0]
    image = client.get(f"/gongshi/offsite/images/{link}")
    assert image.status_code == 200 and "no-store" in image["Cache-Control"]
    assert client.get("/gongshi/offsite/images/forged/").status_code == 404


@pytest.mark.django_db
def test_wrong_plate_wrong_code_and_pending_records_look_the_same(client, offsite, confirmed):
    record, pending = confirmed
    for plate, code in (
        ("浙K05678", record.query_code),  # another vehicle's plate
        ("浙K01234", "ABCDEFGHJKMN"),  # a guessed code
        ("浙K01234", "not a code"),
    ):
        page = client.post(URL, {"plate": plate, "code": code})
        assert page.status_code == 404
        assert "未查到对应的检测记录" in page.content.decode()
    assert pending.query_code is None  # not reviewed: no notice, nothing to look up


@pytest.mark.django_db
def test_lookups_are_rate_limited_per_address(client, offsite, confirmed, settings):
    record, _ = confirmed
    settings.ZHIFA_OFFSITE_LOOKUP_RATE_PER_HOUR = 3
    for _ in range(3):
        client.post(URL, {"plate": "浙K01234", "code": "ABCDEFGHJKMN"})
    right = client.post(URL, {"plate": "浙K01234", "code": record.query_code})
    assert right.status_code == 429 and "查询过于频繁" in right.content.decode()


@pytest.mark.django_db
def test_the_api_returns_the_same_record(client, offsite, confirmed):
    record, _ = confirmed
    url = "/api/v1/offsite/lookup"
    found = client.post(
        url,
        {"plate": "浙K01234", "query_code": record.query_code},
        content_type="application/json",
    )
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["excess_kg"] == 11500 and body["plate"] != "浙K01234"
    assert body["device"]["valid_that_day"] is True
    assert body["images"] == record.images and body["rights"]
    missing = client.post(
        url, {"plate": "浙K01234", "query_code": "ABCDEFGHJKMN"}, content_type="application/json"
    )
    assert missing.status_code == 404 and missing.json()["code"] == "offsite_record_not_found"
