"""Off-site records: validation, identity, de-duplication, the over-limit assessment and APL Art. 41."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from zhifa.core import offsite as o

NOW = datetime(2026, 6, 1, tzinfo=UTC)
IMG = "0f" * 32
LIMITS = {
    "2_axle_truck": 18000,
    "3_axle_truck": 25000,
    "5_axle_combination": 43000,
    "6plus_axle_combination": 49000,
}
BASE = {
    "station": "S1",
    "plate": "浙A12345",
    "vehicle_class": "6plus_axle_combination",
    "axles": "6",
    "gross_mass_kg": "55000",
    "measured_at": "2026-03-02 08:30:00",
    "images": IMG,
}


def parse(**over):
    return o.parse_record({**BASE, **over}, now=NOW)


@pytest.mark.parametrize(
    "over, code",
    [
        ({"plate": "浙A1234"}, "plate_format"),
        ({"plate": ""}, "plate_missing"),
        ({"vehicle_class": "7_axle"}, "vehicle_class_unknown"),
        ({"axles": "5"}, "axles_mismatch"),
        ({"axles": "13"}, "axles_mismatch"),
        ({"vehicle_class": "2_axle_truck", "axles": "3"}, "axles_mismatch"),
        ({"axles": "6.5"}, "axles_invalid"),
        ({"gross_mass_kg": "abc"}, "gross_mass_kg_invalid"),
        ({"gross_mass_kg": "0"}, "gross_mass_implausible"),
        ({"gross_mass_kg": "250000"}, "gross_mass_implausible"),
        ({"measured_at": "02/03/2026"}, "measured_at_invalid"),
        ({"measured_at": "2026-07-01T00:00:00+08:00"}, "measured_at_future"),
        ({"images": ""}, "images_missing"),
        ({"images": "xyz"}, "image_digest_invalid"),
        ({"height_m": "-1"}, "height_m_invalid"),
        ({"station": ""}, "station_missing"),
    ],
)
def test_bad_lines_say_why(over, code):
    with pytest.raises(o.LineError) as exc:
        parse(**over)
    assert exc.value.code == code and exc.value.message


def test_axle_classes_accept_their_counts():
    assert parse(axles="7").axles == 7
    assert parse(vehicle_class="5_axle_combination", axles=5).axles == 5


def test_identity_is_the_content_and_ignores_spelling():
    a = parse()
    b = parse(plate="浙a12345", measured_at="2026-03-02T00:30:00Z", axles=6, gross_mass_kg=55000)
    assert a.digest == b.digest and len(a.digest) == 64
    assert parse(gross_mass_kg="55001").digest != a.digest
    # the owner is not part of the measurement: the same passage with the owner looked up is the same
    assert parse(owner_name="张三").digest == a.digest


def test_same_vehicle_station_and_window_share_a_dedup_key():
    a = parse(measured_at="2026-03-02T08:31:00+08:00")
    assert parse(measured_at="2026-03-02T08:38:00+08:00").dedup_key == a.dedup_key
    assert parse(measured_at="2026-03-02T08:41:00+08:00").dedup_key != a.dedup_key
    assert parse(station="S2", measured_at="2026-03-02T08:31:00+08:00").dedup_key != a.dedup_key
    assert parse(plate="浙A54321", measured_at="2026-03-02T08:31:00+08:00").dedup_key != a.dedup_key


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "a, b, minutes, same",
    [
        ("2026-03-02T08:31:00+08:00", "2026-03-02T08:38:00+08:00", 10, True),
        # across the clock boundary of a fixed slot (08:39:59 | 08:40:00): still one passing
        ("2026-03-02T08:39:59+08:00", "2026-03-02T08:40:01+08:00", 10, True),
        ("2026-03-02T08:35:00+08:00", "2026-03-02T08:44:59+08:00", 10, True),
        # the window is open at its end: exactly ten minutes apart are two passings
        ("2026-03-02T08:35:00+08:00", "2026-03-02T08:45:00+08:00", 10, False),
        ("2026-03-02T08:45:00+08:00", "2026-03-02T08:35:00+08:00", 10, False),
        ("2026-03-02T08:50:00+08:00", "2026-03-02T08:41:00+08:00", 10, True),  # earlier one later
        ("2026-03-02T23:58:00+08:00", "2026-03-03T00:03:00+08:00", 10, True),  # across midnight
        ("2026-03-02T00:30:00Z", "2026-03-02T08:34:00+08:00", 5, True),  # offsets compared in UTC
        ("2026-03-02T08:31:00+08:00", "2026-03-02T08:38:00+08:00", 5, False),
    ],
)
def test_sliding_window_whatever_the_clock_boundary(a, b, minutes, same):
    assert o.within_window(_at(a), _at(b), minutes) is same


@pytest.mark.parametrize(
    "moment, earlier, expected",
    [
        ("2026-03-02T08:40:01+08:00", [], None),
        ("2026-03-02T08:40:01+08:00", ["2026-03-02T08:20:00+08:00"], None),
        (
            "2026-03-02T08:40:01+08:00",
            ["2026-03-02T08:20:00+08:00", "2026-03-02T08:39:59+08:00"],
            "2026-03-02T08:39:59+08:00",
        ),
        # a later pass already accepted (records may arrive out of order) counts as well
        ("2026-03-02T08:40:01+08:00", ["2026-03-02T08:49:00+08:00"], "2026-03-02T08:49:00+08:00"),
        ("2026-03-02T08:40:01+08:00", ["2026-03-02T08:50:01+08:00"], None),
    ],
)
def test_window_conflict_names_the_pass_already_accepted(moment, earlier, expected):
    found = o.window_conflict(_at(moment), [_at(e) for e in earlier], 10)
    assert found == (_at(expected) if expected else None)


def test_two_passes_in_one_fixed_slot_are_always_within_the_window():
    """The clock-aligned key stays as the database's backstop: it may never refuse what the
    sliding window accepts."""
    start = _at("2026-03-02T08:30:00+08:00")
    for seconds in range(0, 600, 7):
        a = parse(measured_at=(start + timedelta(seconds=seconds)).isoformat())
        for other in range(0, 600, 13):
            b = parse(measured_at=(start + timedelta(seconds=other)).isoformat())
            if a.dedup_key == b.dedup_key:
                assert o.within_window(a.measured_at, b.measured_at, 10)


def test_naive_times_are_beijing_time():
    rec = parse(measured_at="2026-03-02 00:30:00")
    assert rec.measured_at == datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    assert rec.local_date == date(2026, 3, 2)


@pytest.mark.parametrize(
    "cls, axles, gross, excess, warning, fine",
    [
        ("6plus_axle_combination", 6, 55000, 6000, False, Decimal(3000)),
        ("6plus_axle_combination", 6, 49800, 800, True, Decimal(0)),
        ("6plus_axle_combination", 6, 50999, 1999, False, Decimal(500)),  # floor: whole tonnes
        ("6plus_axle_combination", 6, 200000, 151000, False, Decimal(30000)),  # capped
        ("3_axle_truck", 3, 26500, 1500, False, Decimal(500)),
    ],
)
def test_over_limit_formula(cls, axles, gross, excess, warning, fine):
    a = o.assess(parse(vehicle_class=cls, axles=axles, gross_mass_kg=gross), LIMITS)
    assert (a.excess_kg, a.warning_only, a.fine_high) == (excess, warning, fine)


def test_single_tyres_lower_the_limit_and_below_the_limit_is_no_case():
    a = o.assess(parse(gross_mass_kg=47000, single_tyre_reduction="是"), LIMITS)
    assert (a.limit_kg, a.excess_kg) == (46000, 1000)
    with pytest.raises(o.LineError) as exc:
        o.assess(parse(gross_mass_kg=49000), LIMITS)
    assert exc.value.code == "below_limit"
    over_height = o.assess(parse(gross_mass_kg=40000, height_m="4.3"), LIMITS)
    assert (over_height.dimension_tier, over_height.fine_high) == (2, Decimal(1000))


GOOD = dict(
    approved_on=date(2025, 1, 1),
    published_on=date(2025, 1, 10),
    calibrated_on=date(2025, 6, 1),
    calibration_valid_until=date(2026, 5, 31),
)


@pytest.mark.parametrize(
    "over, day, code",
    [
        ({}, date(2026, 3, 2), None),
        ({}, date(2026, 5, 31), None),  # the last day of validity counts
        ({}, date(2024, 12, 31), "device_not_approved"),
        ({"approved_on": None}, date(2026, 3, 2), "device_not_approved"),
        ({}, date(2025, 1, 5), "device_not_published"),  # approved, siting not yet published
        ({"published_on": None}, date(2026, 3, 2), "device_not_published"),
        ({}, date(2025, 5, 31), "device_not_calibrated"),
        ({}, date(2026, 6, 1), "device_not_calibrated"),
        ({"calibration_valid_until": None}, date(2026, 3, 2), "device_not_calibrated"),
        ({"retired_on": date(2026, 1, 1)}, date(2026, 2, 1), "device_retired"),
    ],
)
def test_device_standing_on_the_day(over, day, code):
    refusal = o.device_refusal(o.DeviceDates(**{**GOOD, **over}), day)
    assert (refusal.code if refusal else None) == code
    if refusal and code != "device_retired":
        assert "第四十一条" in refusal.message


@pytest.mark.parametrize(
    "excess, tier, provision",
    [
        (6000, 0, "ovl-43-2"),  # weight only
        (800, 0, "ovl-43-2"),  # within 1,000 kg: still the weight provision (warning)
        (6000, 2, "ovl-43-2"),  # both: the weight provision, dimensions added to it
        (0, 1, "ovl-43-1a"),  # dimensions only, ≤ 4.2/3/20 m
        (0, 2, "ovl-43-1b"),  # ≤ 4.5/3.75/28 m
        (0, 3, "ovl-43-1c"),  # beyond
        (-500, 3, "ovl-43-1c"),  # under the weight limit, over the length
    ],
)
def test_provision_follows_what_is_over(excess, tier, provision):
    assert o.provision_for(excess, tier) == provision


def test_nothing_over_has_no_provision():
    with pytest.raises(o.LineError) as exc:
        o.provision_for(0, 0)
    assert exc.value.code == "below_limit"


@pytest.mark.parametrize(
    "dims, provision",
    [
        ({"width_m": "2.9"}, "ovl-43-1a"),
        ({"height_m": "4.4"}, "ovl-43-1b"),
        ({"length_m": "30"}, "ovl-43-1c"),
    ],
)
def test_dimension_only_records_are_filed_under_the_dimension_tier(dims, provision):
    a = o.assess(parse(gross_mass_kg=40000, **dims), LIMITS)
    assert a.excess_kg <= 0
    assert o.provision_for(a.excess_kg, a.dimension_tier) == provision


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ABCD-EFGH-JKMN", "ABCDEFGHJKMN"),
        ("abcd efgh jkmn", "ABCDEFGHJKMN"),
        ("ABCDEFGHJKM", None),  # one short
        ("ABCDEFGHJKM0", None),  # 0 is never issued (read as O)
        ("", None),
    ],
)
def test_query_codes_are_read_back_as_typed(typed, stored):
    assert o.normalise_query_code(typed) == stored


def test_new_query_codes_read_back_and_print_in_groups():
    code = o.new_query_code()
    assert o.normalise_query_code(o.format_query_code(code)) == code
    assert len(o.format_query_code(code)) == 14


@pytest.mark.parametrize(
    "excess, tier, dims, expect",
    [
        (6000, 0, {}, ["= 超限6000千克", "每超1000千克罚款500元"]),
        (800, 0, {}, ["予以警告"]),
        (0, 2, {"height_m": Decimal("4.4")}, ["不涉及质量超限", "高4.4米", "第2档"]),
        (3000, 1, {"width_m": Decimal("2.9")}, ["超限3000千克", "第1档", "罚款累计"]),
    ],
)
def test_the_computation_is_explained_in_words(excess, tier, dims, expect):
    text = "\n".join(
        o.explain(
            gross_mass_kg=49000 + excess,
            limit_kg=49000,
            excess_kg=excess,
            dimension_tier=tier,
            height_m=dims.get("height_m"),
            width_m=dims.get("width_m"),
            length_m=dims.get("length_m"),
            single_tyre_reduction=False,
        )
    )
    for piece in expect:
        assert piece in text


def _facts(excess, cls="6plus_axle_combination", **more):
    return {"gross_mass_kg": 49000 + excess, "excess_kg": excess, "vehicle_class": cls, **more}


DAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "a, b, rounding, same",
    [
        (_facts(6123), _facts(6999), "floor", True),  # six whole tonnes over: 3,000 yuan both
        (_facts(6999), _facts(7000), "floor", False),
        (_facts(6123), _facts(6999), "ceil", True),  # seven units both
        (_facts(6000), _facts(6001), "ceil", False),
        (_facts(6123), _facts(6124), "exact", False),  # exact: every kilogram counts
        (
            _facts(1000),
            _facts(1001),
            "floor",
            False,
        ),  # the warning line (第四十三条第一款第（二）项)
        (_facts(500), _facts(999), "floor", True),
        (_facts(6123), _facts(6500, cls="5_axle_combination"), "floor", False),
        (_facts(6123, height_m=4.3), _facts(6500), "floor", False),
        (_facts(6123, single_tyre_reduction=True), _facts(6500), "floor", False),
    ],
)
def test_recommendation_buckets_part_what_the_formula_tells_apart(a, b, rounding, same):
    key = o.recommendation_bucket
    assert (key(DAY, a, rounding) == key(DAY, b, rounding)) is same


def test_a_bucket_is_one_day():
    f = _facts(6123)
    assert o.recommendation_bucket(DAY, f, "floor") != o.recommendation_bucket(
        date(2026, 3, 3), f, "floor"
    )


def test_render_states_the_records_own_excess_and_nothing_else():
    shared = {
        "statutory_basis": "车货总质量超过限定标准6123千克，每超1000千克罚款500元，计3,000元",
        "reasons": [{"text": "超过限定标准6123千克", "n": 3000}],
        "conduct": "车货总质量超过限定标准（六轴及以上汽车列车49000千克）",
        "other": "超过限定标准61230千克",
    }
    out = o.render_recommendation(shared, 6123, 6500)
    assert out["statutory_basis"].startswith("车货总质量超过限定标准6500千克，")
    assert out["reasons"] == [{"text": "超过限定标准6500千克", "n": 3000}]
    assert out["conduct"] == shared["conduct"] and out["other"] == shared["other"]
    assert shared["reasons"][0]["text"] == "超过限定标准6123千克"  # the shared copy is untouched
    assert o.render_recommendation(shared, 6123, 6123) is shared


@pytest.mark.parametrize(
    "over",
    [
        {"gross_mass_kg": "55000", "height_m": "4.2"},  # 6,000 kg over, tier 1
        {"gross_mass_kg": "55000", "height_m": "4.5", "width_m": "3"},  # tier 2
        {"gross_mass_kg": "50000", "length_m": "28.01"},  # 1,000 kg over: warning + tier 3
        {"gross_mass_kg": "108000", "width_m": "3.8"},  # 59,000 kg over, tier 3: the cap
        {"gross_mass_kg": "55000"},  # the weight alone
    ],
)
def test_the_recommendation_agrees_with_the_assessment_shown_to_the_party(over):
    # 超限规定第四十三条第二款: the engine's range for the weight provision is the record's assessment,
    # given the facts offsite passes for a weight record (gross mass, class, dimensions as floats)
    from zhifa.core.discretion import RecommendationRequest, load_from_dir, recommend

    r = parse(**over)
    a = o.assess(r, LIMITS)
    assert o.provision_for(a.excess_kg, a.dimension_tier) == "ovl-43-2"
    facts = {
        "gross_mass_kg": r.gross_mass_kg,
        "excess_kg": a.excess_kg,
        "vehicle_class": r.vehicle_class,
        "single_tyre_reduction": r.single_tyre_reduction,
    }
    facts |= {k: float(getattr(r, k)) for k in ("height_m", "width_m", "length_m") if getattr(r, k)}
    rec = recommend(
        load_from_dir(),
        RecommendationRequest(
            "ovl-43-2", "北京", r.local_date, date(2026, 6, 1), "natural_person", facts
        ),
    )
    if a.warning_only:
        assert rec.statutory_range is None and rec.warning
    else:
        assert rec.statutory_range == (a.fine_low, a.fine_high)
    texts = " ".join(
        o.explain(
            gross_mass_kg=r.gross_mass_kg,
            limit_kg=a.limit_kg,
            excess_kg=a.excess_kg,
            dimension_tier=a.dimension_tier,
            height_m=r.height_m,
            width_m=r.width_m,
            length_m=r.length_m,
            single_tyre_reduction=r.single_tyre_reduction,
        )
    )
    assert ("第四十三条第二款" in texts) == any(
        r.code == "overlimit_cumulative" for r in rec.reasons
    )
