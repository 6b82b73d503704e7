"""A fixture file of mixed good and bad lines gives exactly the expected records, errors and cases."""

import io
import json

import pytest

from zhifa.cases.models import Case
from zhifa.evidence.models import Evidence
from zhifa.offsite import services
from zhifa.offsite.intake_files import ingest_file
from zhifa.offsite.models import IntakeBatch, LineError, Record
from zhifa.records.verification import verify

from .conftest import resident_id

OWNER_ID = resident_id("33010619900101123")
OTHER_DIGEST = "ab" * 32


def line(**over):
    base = {
        "station": "ZJ-HZ-001",
        "plate": "浙A12345",
        "vehicle_class": "6plus_axle_combination",
        "axles": 6,
        "gross_mass_kg": 55000,
        "measured_at": "2026-03-02T08:30:00+08:00",
    }
    return json.dumps({**base, **over}, ensure_ascii=False)


def fixture_lines(image):
    return [
        line(images=[image]),  # 1 good: 6,000 kg over → 3,000 yuan
        line(plate="浙B23456", gross_mass_kg=49800, images=[image]),  # 2 good: warning only
        line(
            plate="浙C34567",
            vehicle_class="2_axle_truck",
            axles=2,
            gross_mass_kg=17000,
            images=[image],
        ),
        line(plate="浙D45678", vehicle_class="5_axle_combination", axles=3, images=[image]),
        line(plate="浙A1234", images=[image]),  # 5 bad plate
        line(station="SC-CD-001", plate="浙E56789", images=[image]),  # 6 other province
        line(station="ZJ-XX-999", plate="浙E56780", images=[image]),  # 7 unknown station
        line(station="ZJ-HZ-002", plate="浙F67890", images=[image]),  # 8 not published
        line(station="ZJ-HZ-003", plate="浙G78901", images=[image]),  # 9 calibration expired
        '{"station": "ZJ-HZ-001", "plate": ',  # 10 malformed
        line(images=[image]),  # 11 the same record as line 1
        line(gross_mass_kg=56000, measured_at="2026-03-02T08:32:00+08:00", images=[image]),  # 12
        line(plate="浙H89012", images=[f"photo.jpg={OTHER_DIGEST}"]),  # 13 image replaced
        line(plate="浙J90123", images=[OTHER_DIGEST]),  # 14 image never uploaded
        line(  # 15 good, with the registered owner
            plate="浙K01234",
            gross_mass_kg=60500,
            images=[f"photo.jpg={image}"],
            owner_name="张三",
            owner_id_number=OWNER_ID,
            owner_address="杭州市西湖区文三路1号",
        ),
    ]


EXPECTED_ERRORS = {
    3: "below_limit",
    4: "axles_mismatch",
    5: "plate_format",
    6: "station_other_province",
    7: "station_unknown",
    8: "device_not_published",
    9: "device_not_calibrated",
    10: "line_malformed",
    11: "already_received",
    12: "duplicate_window",
    13: "image_digest_mismatch",
    14: "image_missing",
}


def take(offsite, world, lines, name="records.jsonl", chunk_size=4):
    data = ("\n".join(lines) + "\n").encode()
    return ingest_file(
        io.BytesIO(data),
        actor=offsite["officer"],
        agency=world.hangzhou,
        name=name,
        files=offsite["files"],
        chunk_size=chunk_size,
    )


@pytest.mark.django_db
def test_mixed_file_gives_exactly_the_expected_records_and_errors(offsite, world):
    batch = take(offsite, world, fixture_lines(offsite["image"]))
    assert (batch.state, batch.processed_lines, batch.accepted, batch.rejected_lines) == (
        "done",
        15,
        3,
        12,
    )
    errors = dict(LineError.objects.filter(batch=batch).values_list("line_no", "code"))
    assert errors == EXPECTED_ERRORS
    messages = dict(LineError.objects.filter(batch=batch).values_list("line_no", "message"))
    assert "17000千克未超过限定标准18000千克" in messages[3]
    assert "第四十一条" in messages[8]
    records = {r.line_no: r for r in Record.objects.filter(batch=batch)}
    assert sorted(records) == [1, 2, 15]
    assert (records[1].excess_kg, records[1].fine_high) == (6000, 3000)
    assert records[2].warning_only and records[2].fine_high == 0
    assert records[15].agency_id == world.hangzhou.pk


@pytest.mark.django_db
def test_the_same_file_again_is_the_same_batch_and_stores_nothing(offsite, world):
    first = take(offsite, world, fixture_lines(offsite["image"]))
    again = take(offsite, world, fixture_lines(offsite["image"]))
    assert again.pk == first.pk and IntakeBatch.objects.count() == 1
    assert Record.objects.count() == 3 and LineError.objects.count() == 12
    # sent once more under another name (another batch): every good line is "already received"
    other = take(offsite, world, [*fixture_lines(offsite["image"]), ""], name="again.jsonl")
    codes = dict(LineError.objects.filter(batch=other).values_list("line_no", "code"))
    assert [codes[n] for n in (1, 2, 15)] == ["already_received"] * 3
    assert Record.objects.count() == 3


@pytest.mark.django_db
def test_confirmed_records_become_cases_with_evidence_and_the_journal_verifies(offsite, world):
    take(offsite, world, fixture_lines(offsite["image"]))
    officer = offsite["officer"]
    queue = list(services_queue(officer))
    result = services.review(actor=officer, record_ids=[r.pk for r in queue], confirm=True)
    assert result.confirmed == 3 and len(result.case_ids) == 3
    cases = Case.objects.filter(pk__in=result.case_ids)
    assert {c.agency_id for c in cases} == {world.hangzhou.pk}
    assert {c.state for c in cases} == {"lead"}
    assert all(c.provision.data_id == "ovl-43-2" for c in cases)
    owned = Case.objects.get(offsite_record__line_no=15)
    assert owned.party.id_number == OWNER_ID and owned.party.plate == "浙K01234"
    assert owned.lead.facts.startswith("非现场执法检测：")
    assert owned.recommendation.get("outcome"), owned.recommendation
    assert Evidence.objects.filter(case__in=cases, file__digest=offsite["image"]).count() == 3
    assert verify().ok
    with pytest.raises(services.AlreadyReviewed):
        services.review(actor=officer, record_ids=[queue[0].pk], confirm=True)
    # the head is told; the officer's to-do list no longer holds the records
    assert offsite["head"].notifications.filter(kind=services.NOTIFY_KIND).exists()


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_makes_no_case(offsite, world):
    take(offsite, world, fixture_lines(offsite["image"]))
    officer = offsite["officer"]
    ids = [r.pk for r in services_queue(officer)]
    with pytest.raises(services.InvalidOffsiteInput):
        services.review(actor=officer, record_ids=ids, confirm=False)
    result = services.review(
        actor=officer, record_ids=ids, confirm=False, note="图像模糊，号牌无法辨认"
    )
    assert result.rejected == 3 and not Case.objects.exists()
    assert verify().ok


@pytest.mark.django_db
def test_review_is_for_officers_of_the_records_agency(offsite, world):
    from zhifa import testing

    take(offsite, world, fixture_lines(offsite["image"]))
    ids = [r.pk for r in services_queue(offsite["officer"])]
    with pytest.raises(services.NotAllowed):
        services.review(actor=offsite["head"], record_ids=ids, confirm=True)
    ningbo = testing.make_officer(world.ningbo).user
    with pytest.raises(services.NotAllowed):
        services.review(actor=ningbo, record_ids=ids, confirm=True)


def services_queue(user):
    from zhifa.offsite.selectors import review_queue

    return review_queue(user)


@pytest.mark.django_db
def test_dimension_only_records_are_filed_under_the_dimension_provision(offsite, world):
    """超限规定第四十三条第一款第（一）项: over width/height/length with no mass excess is not 第（二）项."""
    image = offsite["image"]
    lines = [
        line(plate="浙L11111", gross_mass_kg=40000, width_m="2.9", images=[image]),
        line(plate="浙L22222", gross_mass_kg=40000, height_m="4.4", images=[image]),
        line(plate="浙L33333", gross_mass_kg=40000, length_m="29", images=[image]),
        line(plate="浙L44444", gross_mass_kg=55000, height_m="4.4", images=[image]),
    ]
    take(offsite, world, lines, name="dims.jsonl")
    officer = offsite["officer"]
    result = services.review(
        actor=officer, record_ids=[r.pk for r in services_queue(officer)], confirm=True
    )
    cases = {c.offsite_record.plate: c for c in Case.objects.filter(pk__in=result.case_ids)}
    assert {plate: c.provision.data_id for plate, c in cases.items()} == {
        "浙L11111": "ovl-43-1a",
        "浙L22222": "ovl-43-1b",
        "浙L33333": "ovl-43-1c",
        "浙L44444": "ovl-43-2",
    }
    wide = cases["浙L11111"]
    assert wide.facts == {"width_m": 2.9}
    assert "error" not in wide.recommendation, wide.recommendation
    assert "外廓尺寸" in wide.lead.facts and "车货总质量" not in wide.lead.facts
    assert verify().ok


def test_the_window_slides_across_clock_boundaries_and_batches(offsite, world):
    """Same vehicle, same station, less than ten minutes apart: one record, whatever the slot of
    the clock; ten minutes or more apart, or another station: two records."""
    image = offsite["image"]
    first = take(
        offsite,
        world,
        [
            line(measured_at="2026-03-02T08:39:59+08:00", images=[image]),
            # 2 s later, in the next clock slot: the same passing
            line(gross_mass_kg=55100, measured_at="2026-03-02T08:40:01+08:00", images=[image]),
            # exactly ten minutes after line 1: a new passing
            line(gross_mass_kg=55200, measured_at="2026-03-02T08:49:59+08:00", images=[image]),
        ],
        name="first.jsonl",
    )
    codes = dict(LineError.objects.filter(batch=first).values_list("line_no", "code"))
    assert codes == {2: "duplicate_window"}
    assert first.accepted == 2
    # another batch, earlier than what is stored but within its window: still a duplicate
    second = take(
        offsite,
        world,
        [
            line(gross_mass_kg=55300, measured_at="2026-03-02T08:30:00+08:00", images=[image]),
            line(gross_mass_kg=55400, measured_at="2026-03-02T08:29:59+08:00", images=[image]),
        ],
        name="second.jsonl",
    )
    codes = dict(LineError.objects.filter(batch=second).values_list("line_no", "code"))
    assert codes == {1: "duplicate_window"}
    message = LineError.objects.get(batch=second, line_no=1).message
    assert "10分钟内" in message and "08:39:59" in message
    assert Record.objects.filter(plate="浙A12345").count() == 3


@pytest.mark.django_db
def test_shared_recommendations_equal_the_engines_own_for_every_record(offsite, world):
    """One engine run per bucket, rendered per record: each copy equals what the engine says for
    that record alone (kilograms across the warning line, tonne boundaries and days)."""
    from datetime import date, datetime, timedelta

    from zhifa.core.offsite import BEIJING
    from zhifa.orgs.models import Agency

    agency = Agency.objects.select_related("parent", "region").get(pk=world.hangzhou.pk)
    engine = services._Engine(agency, as_of=date(2026, 3, 31))
    assert engine.shareable
    records = []
    for n, excess in enumerate([400, 999, 1000, 1001, 1999, 2000, 2001, 6123, 6999, 7000, 61500]):
        for day in (2, 3):
            for extra in (0, 37):
                records.append(
                    Record(
                        gross_mass_kg=49000 + excess + extra,
                        excess_kg=excess + extra,
                        vehicle_class="6plus_axle_combination",
                        single_tyre_reduction=False,
                        measured_at=datetime(2026, 3, day, 8, n, tzinfo=BEIJING)
                        + timedelta(seconds=extra),
                    )
                )
    shared = [engine.recommendation(r) for r in records]
    assert engine.computed < len(records)
    assert all(json.loads(s).get("outcome") for s in shared), shared[0]
    alone = services._Engine(agency, as_of=engine.as_of)
    for r, got in zip(records, shared, strict=True):
        day = r.measured_at.astimezone(BEIJING).date()
        assert got == alone._compute(services.provision_of(r), day, services.facts_of(r)), (
            r.excess_kg,
            day,
        )
