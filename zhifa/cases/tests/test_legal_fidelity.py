"""Issue 9: the legal defects found on review, one test each (named by the defect's number)."""

from datetime import date
from types import SimpleNamespace

import pytest

from zhifa.cases import selectors
from zhifa.cases.models import Case, ProvinceParameter
from zhifa.cases.tests.helpers import Api, deadline, fine
from zhifa.cases.tests.test_guards import new_case, notified
from zhifa.cases.tests.test_scenarios import SMALL_DIG, investigate
from zhifa.orgs.models import Agency

D = date


@pytest.fixture
def api(client):
    return Api(client)


EARLY = D(2000, 1, 1)


def set_param(province, key, value, source="测试数据", effective=EARLY):
    ProvinceParameter.objects.update_or_create(
        province=province,
        key=key,
        effective_from=effective,
        defaults={"value": value, "source": source},
    )


# --- 4. "large amount" per province (TEPP Art. 80 para 2; APL Art. 63(3); TEPP Art. 76(1)) -------


def test_4_province_without_thresholds_refuses_the_notice(api, world, people, law):
    ProvinceParameter.objects.filter(province="浙江").delete()
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    body = api.refused(
        people.o1.user, cid, "notice", D(2026, 6, 8), "large_amounts_missing", penalty=fine(4000)
    )
    assert "较大数额" in body["message"]


def test_4_thresholds_come_from_the_province_with_their_source(world, people, law):
    set_param("浙江", "large_fine_person", 5000, source="某省政府令", effective=D(2026, 1, 1))
    case = SimpleNamespace(agency=Agency.objects.get(pk=world.hangzhou.pk))
    before = selectors.large_amounts(case, D(2025, 12, 31))
    after = selectors.large_amounts(case, D(2026, 6, 1))
    assert before.natural_person == 10000 and after.natural_person == 5000
    assert "某省政府令" in after.reference and after.organisation == 100000


def test_4_maritime_figures_only_for_maritime_bodies(world, people, law):
    ProvinceParameter.objects.all().delete()
    case = SimpleNamespace(agency=Agency.objects.get(pk=world.hangzhou.pk))
    assert selectors.large_amounts(case, D(2026, 6, 1)) is None
    from zhifa import testing

    maritime = testing.make_agency(world.ministry, name="长江海事局", kind="maritime")
    figures = selectors.large_amounts(SimpleNamespace(agency=maritime), D(2026, 6, 1))
    assert figures.natural_person == 10000 and figures.organisation == 100000


def test_4_loader_reads_the_data_file_and_refuses_rows_without_source(tmp_path, db):
    from zhifa.cases.parameters import DATA_FILE, load_province_parameters
    from zhifa.core.errors import DomainError

    assert load_province_parameters(DATA_FILE) >= 0
    bad = tmp_path / "p.json"
    bad.write_text(
        '{"parameters": [{"province": "浙江", "key": "large_fine_person", "value": 1,'
        ' "source": "", "effective_from": "2026-01-01"}]}',
        "utf-8",
    )
    with pytest.raises(DomainError) as refused:
        load_province_parameters(bad)
    assert refused.value.code == "province_parameter_invalid"


# --- 6. the statement window is a province parameter (APL Arts. 44, 62) ---------------------------


def test_6_statement_window_of_the_province_closes_the_stage(api, world, people, law):
    set_param("浙江", "statement_window_working_days", 3)
    cid = new_case(api, people, received=D(2026, 9, 21))
    investigate(api, people, cid, [D(2026, 9, d) for d in (22, 22, 22, 23, 23, 24)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 9, 24), penalty=fine(4000))
    assert deadline(api.case(people.head, cid), "A12_statement") == "2026-09-30"
    api.refused(people.head, cid, "decision", D(2026, 9, 30), "statement_window_open")
    # the party stayed silent: the window's expiry closes the statement stage
    decided = api.step(people.head, cid, "decision", D(2026, 10, 8))
    assert decided["case"]["state"] == "decided_penalty"


def test_6_another_province_keeps_its_own_window(api, world, people, law):
    set_param("四川", "statement_window_working_days", 3)
    cid = notified(api, people)  # a Hangzhou (Zhejiang) case: no window there
    assert deadline(api.case(people.head, cid), "A12_statement") is None
    api.refused(people.head, cid, "decision", D(2026, 6, 9), "statement_not_heard")


# --- 2. after an approved plan (ACL Art. 46; TEPP Art. 104; APL Art. 66 para 2) -------------------


def _on_instalments(api, people):
    from zhifa.cases.tests.test_guards import _awaiting_payment

    cid = _awaiting_payment(api, people)  # 4,000 yuan due on 26 June 2026
    api.post(
        people.o1.user,
        f"/{cid}/payment-plan",
        {
            "as_of": D(2026, 6, 12),
            "kind": "instalments",
            "dues": ["2026-07-10", "2026-08-10"],
            "hardship": "经营困难，提供财务报表",
        },
    )
    api.step(people.head, cid, "payment-plan/approve", D(2026, 6, 12))
    return cid


def test_2_demand_counts_30_days_from_the_plan_end(api, world, people, law):
    cid = _on_instalments(api, people)
    api.post(people.o1.user, f"/{cid}/payments", {"as_of": D(2026, 7, 10), "amount": "2000"})
    api.step(people.o1.user, cid, "overdue", D(2026, 8, 11))
    # 47 days after the original due date, but the surcharge runs from 10 August
    api.refused(people.head, cid, "demand", D(2026, 8, 12), "surcharge_under_30_days")
    api.refused(people.head, cid, "demand", D(2026, 9, 9), "surcharge_under_30_days")
    assert api.step(people.head, cid, "demand", D(2026, 9, 10))["case"]["state"] == (
        "demand_issued"
    )


def test_2_missed_intermediate_instalment_is_detected(api, world, people, law):
    from zhifa.cases.tasks import mark_overdue_payments

    cid = _on_instalments(api, people)
    assert mark_overdue_payments(D(2026, 7, 10))["marked"] == []
    result = mark_overdue_payments(D(2026, 7, 11))  # the first instalment (10 July) was missed
    assert result["marked"] == [cid]
    assert Case.objects.get(pk=cid).state == "overdue"


def test_2_paid_instalment_is_not_overdue(api, world, people, law):
    from zhifa.cases.tasks import mark_overdue_payments

    cid = _on_instalments(api, people)
    api.post(people.o1.user, f"/{cid}/payments", {"as_of": D(2026, 7, 10), "amount": "2000"})
    result = mark_overdue_payments(D(2026, 7, 11))
    assert result["marked"] == [] and result["refused"] == {}
    api.refused(people.o1.user, cid, "overdue", D(2026, 7, 11), "payment_not_yet_due")


# --- 7. domain extensions only through their own steps (ACL Art. 25; TEPP Arts. 56, 78) ----------


def _a13(cid):
    from zhifa.deadlines.models import Deadline

    return Deadline.objects.get(
        subject_type="cases.case", subject_id=str(cid), code="A13_decision", state="open"
    )


def test_7_generic_page_does_not_extend_the_decision_period(api, world, people, law):
    from zhifa.core.errors import DomainError
    from zhifa.deadlines import selectors as dsel
    from zhifa.deadlines import services as dsvc

    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    a13 = _a13(cid)
    assert dsel.may_extend(a13) is False  # the generic page offers no extension form
    with pytest.raises(DomainError) as refused:
        dsvc.request_extension(
            a13, days=30, reason="案情复杂", actor=people.o1.user, as_of=D(2026, 6, 3)
        )
    assert refused.value.code == "extension_through_own_step"
    assert "延长办案期限" in refused.value.message
    # the case's own step extends it, once (TEPP Art. 78)
    api.step(people.head, cid, "period-extension", D(2026, 6, 3), reason="案情复杂，需要鉴定")
    api.refused(
        people.head,
        cid,
        "period-extension",
        D(2026, 6, 4),
        "decision_period_already_extended",
        reason="再次延长",
    )


def test_7_seizure_term_not_extendable_on_the_generic_page(world, db):
    from zhifa.deadlines import rules

    assert rules.domain_step("A4_seizure", "measures.compulsorymeasure")
    assert rules.domain_step("A4_seizure", "accounts.user") is None


# --- 1. the engine's "no penalty" conclusions (APL Art. 33 para 1; TEPP Art. 74(1)) ----------------


def test_1_must_not_penalise_blocks_the_penalty_until_recomputed(api, world, people, law):
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    case = Case.objects.get(pk=cid)
    Case.objects.filter(pk=cid).update(
        recommendation={**case.recommendation, "outcome": "must_not_penalise"}
    )
    body = api.refused(people.head, cid, "decision", D(2026, 6, 10), "discretion_must_not_penalise")
    assert "不予行政处罚" in body["message"]
    # recomputed on the (changed) facts: the engine recommends a fine again
    api.post(
        people.o1.user, f"/{cid}/recommendation", {"as_of": D(2026, 6, 10), "facts": SMALL_DIG}
    )
    assert api.step(people.head, cid, "decision", D(2026, 6, 10))["case"]["state"] == (
        "decided_penalty"
    )


def test_1_may_exempt_needs_the_deciders_reason(api, world, people, law):
    from zhifa.cases.models import StepRecord

    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    case = Case.objects.get(pk=cid)
    Case.objects.filter(pk=cid).update(
        recommendation={**case.recommendation, "outcome": "may_exempt"}
    )
    api.refused(people.head, cid, "decision", D(2026, 6, 10), "may_exempt_reason_missing")
    decided = api.step(
        people.head, cid, "decision", D(2026, 6, 10), exemption_reason="危害后果已扩大，不宜免罚"
    )
    assert decided["case"]["state"] == "decided_penalty"
    step = StepRecord.objects.get(case_id=cid, code="decide_penalty")
    assert step.inputs["exemption_reason"] == "危害后果已扩大，不宜免罚"


# --- 3. service by public notice (TEPP Art. 18(5)) -------------------------------------------------


def attach_posting_video(case_id, officer, act="public_notice_posting", when="2026-06-11 09:00"):
    import io

    from zhifa.evidence.services import upload_evidence
    from zhifa.measures.tests.conftest import MP4, at

    data = io.BytesIO(MP4 + when.encode())  # one file per recording (a file is evidence once)
    data.name = "posting.mp4"
    return upload_evidence(
        Case.objects.get(pk=case_id),
        actor=officer.user,
        file=data,
        kind="audio_visual",
        collected_by=officer,
        collected_at=at(when),
        place="当事人住所",
        method="recording",
        title="张贴公告录像",
        device_kind="body_camera",
        device_id="DSJ-0001",
        act=act,
        declared_type="video/mp4",
    )


def test_3_public_notice_is_filmed_and_deemed_served_after_60_days(api, world, people, law):
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    api.refused(
        people.o2.user,
        cid,
        "service",
        D(2026, 6, 11),
        "public_notice_not_filmed",
        method="public_notice",
    )
    attach_posting_video(cid, people.o1)
    api.step(people.o2.user, cid, "service", D(2026, 6, 11), method="public_notice")
    case = Case.objects.get(pk=cid)
    assert case.decision.served_on == D(2026, 8, 10)  # 11 June + 60 days
    # the 15 days to pay run from the day service takes effect (APL Art. 67)
    performing = api.step(people.o1.user, cid, "performance", D(2026, 6, 12))
    assert performing["case"]["payment_due"] == "2026-08-25"


# --- 9. cash collected on the spot: hand-over and bank deposit (APL Art. 71; TEPP Art. 100) -------


def test_9_cash_handed_over_then_deposited_closing_their_deadlines(api, world, people, law):
    from zhifa.cases.tests.helpers import ALL_ONSPOT_STEPS, PERSON

    o1, head = people.o1.user, people.head
    cid = api.lead(
        o1,
        received_on=D(2026, 9, 30),
        violation_date=D(2026, 9, 30),
        provision="rtr2019-68",
        party=PERSON,
        officers=[people.o1, people.o2],
    )["id"]
    api.step(o1, cid, "on-spot", D(2026, 9, 30), penalty=fine(100), onspot_steps=ALL_ONSPOT_STEPS)
    api.step(o1, cid, "on-spot/filing", D(2026, 9, 30))
    api.step(
        o1,
        cid,
        "on-spot/collection",
        D(2026, 9, 30),
        collection_ground="fine_100_or_less",
        receipt_issued=True,
        reference="浙财票0001",
    )
    # no deposit before the hand-over; no closing before both
    api.refused(head, cid, "on-spot/bank-deposit", D(2026, 10, 8), "cash_not_handed_over")
    api.refused(head, cid, "close", D(2026, 10, 8), "onspot_cash_not_deposited")
    api.step(o1, cid, "on-spot/cash-handover", D(2026, 10, 8))
    detail = api.case(o1, cid)
    assert deadline(detail, "A17_cash_handover") is None
    assert deadline(detail, "A17_bank_deposit") == "2026-10-10"  # 8 Oct + 2 WD (10th worked)
    api.refused(head, cid, "on-spot/bank-deposit", D(2026, 10, 9), "bank_slip_missing")
    api.step(head, cid, "on-spot/bank-deposit", D(2026, 10, 9), reference="工行缴款单 0042")
    assert deadline(api.case(o1, cid), "A17_bank_deposit") is None
    assert api.step(head, cid, "close", D(2026, 10, 9))["case"]["state"] == "closed"


# --- 12. every effect does what it names --------------------------------------------------------


def test_12_every_effect_of_the_table_has_a_handler():
    from zhifa.cases.services.steps import EFFECTS, HANDLED_WITH
    from zhifa.core.procedure import TABLE

    named = {e for t in TABLE.values() for e in t.effects}
    assert named - set(EFFECTS) - set(HANDLED_WITH) == set()
    gone = {"publish_decision", "notify_party_in_writing", "start_surcharge", "stop_surcharge"}
    assert named & gone == set()


def test_12_penalty_decision_opens_the_publication_deadline(api, world, people, law):
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    # 国办发〔2018〕118号: 7 working days from 10 June; 19 June (Dragon Boat) is off: 22 June
    assert deadline(api.case(people.o1.user, cid), "A27_publish_penalty") == "2026-06-22"
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    assert deadline(api.case(people.o1.user, cid), "A27_publish_penalty") is None
    api.refused(people.o1.user, cid, "publication", D(2026, 6, 12), "publication_not_due")


def test_12_no_penalty_needs_the_education_recorded(api, world, people, law):
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    body = api.refused(
        people.head,
        cid,
        "decision",
        D(2026, 6, 10),
        "education_missing",
        status=422,
        no_penalty_ground="minor_corrected",
    )
    assert "教育" in body["message"]


# --- calculators answered by the API ------------------------------------------------------------


def test_api_surcharge_and_summary_eligibility(api, world, people):
    o1 = people.o1.user
    s = api.post(
        o1,
        "/surcharge",
        {"fine": "5000", "payment_due": "2026-02-24", "as_of": "2026-02-26"},
    )
    assert s["days"] == 2 and s["amount"] == "300.00" and not s["capped"]
    capped = api.post(
        o1, "/surcharge", {"fine": "5000", "payment_due": "2026-02-24", "as_of": "2026-08-07"}
    )
    assert capped["amount"] == "5000.00" and capped["capped"]
    ok = api.post(
        o1,
        "/summary-eligibility",
        {
            "party_kind": "person",
            "penalty": {"kinds": ["fine"], "fine": "200"},
            "facts_conclusive": True,
            "has_legal_basis": True,
        },
    )
    assert ok == {"eligible": True, "refusals": []}
    no = api.post(
        o1,
        "/summary-eligibility",
        {
            "party_kind": "person",
            "penalty": {"kinds": ["fine"], "fine": "300"},
            "facts_conclusive": True,
            "has_legal_basis": True,
        },
    )
    assert no["eligible"] is False and no["refusals"][0]["message"]
    bad = api.post(
        o1,
        "/summary-eligibility",
        {"party_kind": "robot", "penalty": {"kinds": ["fine"], "fine": "1"}},
        status=422,
    )
    assert bad["code"] == "summary_input_invalid"


# --- 5. the reviewer's 法律职业资格 belongs to the person (APL Art. 58 para 2) -----------------------


def test_5_qualification_recorded_once_by_the_head_and_journaled(world, people):
    from zhifa.cases.models import ReviewerQualification
    from zhifa.cases.services import record_reviewer_qualification
    from zhifa.cases.services.steps import _reviewer_qualified
    from zhifa.core.errors import DomainError
    from zhifa.records.models import JournalEntry

    with pytest.raises(DomainError) as refused:
        record_reviewer_qualification(
            actor=people.o1.user,
            reviewer=people.reviewer,
            certificate_number="A1",
            obtained_on=D(2019, 1, 1),
        )
    assert refused.value.code == "procedure_role_not_allowed"
    assert _reviewer_qualified(people.reviewer, D(2026, 6, 1)) is False
    record_reviewer_qualification(
        actor=people.head,
        reviewer=people.reviewer,
        certificate_number="A20193301000123",
        obtained_on=D(2026, 3, 1),
        as_of=D(2026, 6, 1),
    )
    assert ReviewerQualification.objects.get(user=people.reviewer).certificate_number == (
        "A20193301000123"
    )
    assert _reviewer_qualified(people.reviewer, D(2026, 6, 1)) is True
    assert _reviewer_qualified(people.reviewer, D(2026, 2, 1)) is False  # not yet obtained
    assert JournalEntry.objects.filter(event_type="legal_reviewer.qualified").count() == 1


def test_5_qualification_through_the_api(api, world, people):
    body = api.post(
        people.head,
        "/reviewer-qualifications",
        {
            "reviewer_id": people.reviewer.pk,
            "certificate_number": "A20193301000123",
            "obtained_on": "2019-12-01",
        },
        status=201,
    )
    assert body["certificate_number"] == "A20193301000123"
    other = api.post(
        people.other_head,
        "/reviewer-qualifications",
        {"reviewer_id": people.reviewer.pk, "certificate_number": "X", "obtained_on": "2019-12-01"},
        status=404,
    )
    assert other["code"] == "user_not_found"


# --- 13. acts the recording rules mark mandatory are enforced where they happen -------------------


def test_13_questioning_on_premises_needs_the_full_video(api, world, people, law):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    api.step(people.o1.user, cid, "investigation", D(2026, 6, 2))
    body = api.post(
        people.o1.user,
        f"/{cid}/records",
        {"as_of": D(2026, 6, 3), "kind": "interview_record", "at_premises": True},
        status=409,
    )
    assert body["code"] == "recording_required"
    attach_posting_video(cid, people.o1, act="premises_questioning")
    api.post(
        people.o1.user,
        f"/{cid}/records",
        {"as_of": D(2026, 6, 3), "kind": "interview_record", "at_premises": True},
        status=201,
    )


def test_13_any_service_by_public_notice_needs_the_posting_filmed(api, world, people, law):
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    api.refused(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 8),
        "public_notice_not_filmed",
        penalty=fine(4000),
        service_method="public_notice",
    )


# --- 8. one source of truth: the case reads its deadlines from the deadlines app (TEPP Art. 78) ----


def test_8_case_reads_its_deadlines_from_the_deadlines_app(api, world, people, law):
    from zhifa.deadlines.models import Deadline

    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    a13 = _a13(cid)
    assert api.case(people.o1.user, cid)["decision_due"] == a13.due.isoformat() == "2026-08-31"
    # whatever moves the row moves the case: there is no second copy to drift
    Deadline.objects.filter(pk=a13.pk).update(due=D(2026, 9, 1))
    detail = api.case(people.o1.user, cid)
    assert detail["decision_due"] == "2026-09-01"
    assert deadline(detail, "A13_decision") == "2026-09-01"
    assert not hasattr(Case, "_meta") or "decision_due" not in {
        f.name for f in Case._meta.get_fields()
    }
    # the proper step extends once, from the row's due (TEPP Art. 78)
    api.step(people.head, cid, "period-extension", D(2026, 6, 3), reason="案情复杂，需要鉴定")
    detail = api.case(people.o1.user, cid)
    assert detail["decision_due"] == deadline(detail, "A13_decision_extension") == "2026-10-08"
    assert Case.objects.get(pk=cid).decision_period_extended is True


# --- 14. guard inputs change after filing only with a journaled reason ---------------------------


def test_14_guard_inputs_change_only_with_a_reason(api, world, people, law):
    from zhifa.records.models import JournalEntry

    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    body = api.patch(
        people.o1.user, f"/{cid}", {"limitation_years": 5, "as_of": D(2026, 6, 3)}, status=422
    )
    assert body["code"] == "change_reason_missing"
    assert Case.objects.get(pk=cid).limitation_years == 2
    api.patch(
        people.o1.user,
        f"/{cid}",
        {"limitation_years": 5, "as_of": D(2026, 6, 3), "reason": "危及人身安全，适用五年时效"},
    )
    entry = JournalEntry.objects.filter(
        subject_type="cases.case", subject_id=str(cid), event_type="case.details_updated"
    ).last()
    import json

    payload = json.loads(entry.payload)
    assert payload["reason"] == "危及人身安全，适用五年时效"
    assert payload["guard_inputs_changed"] == ["limitation_years"]


def test_8_payment_due_and_demand_wait_are_read_from_the_deadlines_app(api, world, people, law):
    from zhifa.deadlines.services import open_deadline

    fields = {f.name for f in Case._meta.get_fields()}
    assert not {"payment_due", "demand_wait_ends"} & fields  # no copy left on the case
    cid = new_case(api, people)
    case = Case.objects.get(pk=cid)
    assert case.payment_due is None and case.demand_wait_ends is None
    row = open_deadline(
        subject=case, agency=case.agency, code="A16_fine_payment", start=D(2026, 7, 1)
    )
    open_deadline(
        subject=case,
        agency=case.agency,
        code="A21_demand_wait",
        start=D(2026, 8, 1),
        due=D(2026, 8, 14),
    )
    case = Case.objects.get(pk=cid)
    assert case.payment_due == row.due and case.demand_wait_ends == D(2026, 8, 14)
    type(row).objects.filter(pk=row.pk).update(due=D(2026, 7, 31))  # whatever moves the row
    assert Case.objects.get(pk=cid).payment_due == D(2026, 7, 31)  # ... moves the case
    assert api.case(people.o1.user, cid)["payment_due"] == "2026-07-31"


def test_8_migration_turns_a_copy_without_row_into_a_deadline(world, people, law, db):
    from importlib import import_module

    from django.apps import apps as django_apps

    from zhifa.deadlines.models import Deadline

    migration = import_module(
        "zhifa.cases.migrations.0006_payment_and_demand_dues_live_in_the_deadlines_app"
    )

    class OldCase:  # the historical model: a queryset whose rows still carry the copies
        class objects:
            @staticmethod
            def exclude(**kw):
                field = next(iter(kw)).split("__")[0]
                row = SimpleNamespace(
                    pk=4242, agency_id=world.hangzhou.pk, state="awaiting_performance"
                )
                setattr(row, field, D(2026, 7, 16) if field == "payment_due" else None)
                return SimpleNamespace(iterator=lambda: [row] if field == "payment_due" else [])

    class Apps:
        def get_model(self, app, name):
            return OldCase if name == "Case" else django_apps.get_model(app, name)

    migration.copies_to_rows(Apps(), None)
    row = Deadline.objects.get(subject_type="cases.case", subject_id="4242")
    assert (row.code, row.due, row.state) == ("A16_fine_payment", D(2026, 7, 16), "open")
    migration.copies_to_rows(Apps(), None)  # a row already there is the truth: no second one
    assert Deadline.objects.filter(subject_id="4242").count() == 1


# --- 5. the cases app asks the apps above it through its hooks, and fails closed -----------------


def test_5_a_question_nobody_answers_fails_closed(monkeypatch):
    from zhifa.cases import hooks

    monkeypatch.setattr(hooks, "_ANSWERS", {})
    with pytest.raises(hooks.NotAnswered):
        hooks.ask("recording_satisfied", None, act="public_notice_posting")
    assert hooks.ask("first_violation", None, default=None) is None


# --- 3. the rights notice served by public notice (TEPP Art. 18(5); APL Arts. 44, 63–64) ---------


def test_3_rights_notice_by_public_notice_windows_run_from_day_60(api, world, people, law):
    from zhifa.cases.models import Notice

    set_param("浙江", "statement_window_working_days", 3)
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    # the posting at the residence must be filmed or photographed first
    api.refused(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 8),
        "public_notice_not_filmed",
        penalty=fine(4000),
        service_method="public_notice",
    )
    attach_posting_video(cid, people.o1)
    api.step(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 8),
        penalty=fine(4000),
        service_method="public_notice",
    )
    notice = Notice.objects.get(case_id=cid, current=True)
    assert notice.served_on == D(2026, 8, 7)  # posted 8 June + 60 days
    detail = api.case(people.head, cid)
    # 3 working days from the deemed service, not from the posting
    assert deadline(detail, "A12_statement") == notice.statement_due.isoformat() == "2026-08-12"
    if notice.hearing_offered:  # 5 working days to ask for a hearing, from the same day
        assert deadline(detail, "A10_hearing_request") == "2026-08-14"
    # the party is silent: no decision while the deemed window still runs
    api.refused(people.head, cid, "decision", D(2026, 6, 20), "statement_window_open")


def test_14_changed_guard_inputs_are_shown_on_the_case_page(api, world, people, law, client):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    api.patch(
        people.o1.user,
        f"/{cid}",
        {"has_execution_power": True, "as_of": D(2026, 6, 3), "reason": "《公路法》授权强制执行"},
    )
    client.force_login(people.o1.user)
    html = client.get(f"/cases/{cid}/").content.decode()
    assert 'id="guard-input-changes"' in html
    assert "本机关有行政强制执行权" in html and "《公路法》授权强制执行" in html


def test_14_surcharge_notified_is_read_from_the_decision_form(api, world, people, law):
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.patch(
        people.o1.user,
        f"/{cid}",
        {"surcharge_rate_notified": False, "as_of": D(2026, 6, 9), "reason": "测试"},
    )
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    # the penalty decision form states the 3% daily surcharge (APL Art. 72(1)): derived
    assert Case.objects.get(pk=cid).surcharge_rate_notified is True
    body = api.patch(
        people.o1.user,
        f"/{cid}",
        {"surcharge_rate_notified": False, "as_of": D(2026, 6, 11), "reason": "未告知"},
        status=409,
    )
    assert body["code"] == "derived_from_records"
    assert Case.objects.get(pk=cid).surcharge_rate_notified is True


def test_8_decision_service_due_is_read_from_the_deadlines_app(api, world, people, law):
    from zhifa.cases.models import Decision
    from zhifa.deadlines.models import Deadline

    assert "service_due" not in {f.name for f in Decision._meta.get_fields()}
    cid = notified(api, people)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    row = Deadline.objects.get(
        subject_type="cases.case", subject_id=str(cid), code="A14_decision_service"
    )
    assert Decision.objects.get(case_id=cid).service_due == row.due  # APL Art. 61
    Deadline.objects.filter(pk=row.pk).update(due=D(2026, 6, 30))
    assert Decision.objects.get(case_id=cid).service_due == D(2026, 6, 30)


# --- 8. one source of truth: a notice's windows are deadlines rows tied to THAT notice ----------


def test_8_a_reissued_notice_has_its_own_windows_the_old_keeps_its(api, world, people, law):
    from zhifa.cases.models import Notice
    from zhifa.deadlines.models import Deadline

    set_param("浙江", "statement_window_working_days", 3)
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 6, 8), penalty=fine(4000))
    first = Notice.objects.get(case_id=cid, current=True)
    assert first.statement_due == D(2026, 6, 11)  # 3 working days from 8 June
    # the party's new statement brings new facts: the notice is served again, later
    api.step(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 15),
        penalty=fine(3000),
        renotice_reason="当事人陈述申辩提出新的事实",
    )
    second = Notice.objects.get(case_id=cid, current=True)
    first.refresh_from_db()
    assert second.pk != first.pk and not first.current
    # each notice reads its own row; nothing is copied onto the notice any more
    assert second.statement_due == D(2026, 6, 18)
    assert first.statement_due == D(2026, 6, 11)
    assert not hasattr(Notice, "_meta") or "statement_due" not in {
        f.name for f in Notice._meta.get_fields()
    }
    rows = Deadline.objects.filter(
        subject_type="cases.case", subject_id=str(cid), code="A12_statement"
    )
    by_notice = {r.origin_id: r for r in rows}
    assert set(by_notice) == {str(first.pk), str(second.pk)}
    assert {r.origin_type for r in rows} == {"cases.notice"}
    assert by_notice[str(first.pk)].state == "cancelled"  # superseded by the new notice
    assert by_notice[str(second.pk)].state == "open"
    detail = api.case(people.head, cid)
    assert deadline(detail, "A12_statement") == second.statement_due.isoformat()
    if second.hearing_offered:
        assert second.hearing_request_due is not None
        assert first.hearing_request_due != second.hearing_request_due


def test_8_migration_ties_old_notice_copies_to_rows(world, people, law):
    # cases 0008: a copied window with no row becomes a row of that notice; an untied row with
    # the same due is tied instead of copied; a second run adds nothing
    from importlib import import_module

    from django.apps import apps as django_apps

    from zhifa.deadlines.models import Deadline

    migration = import_module(
        "zhifa.cases.migrations.0008_notice_windows_live_in_the_deadlines_app"
    )
    case = SimpleNamespace(pk=4343, agency_id=world.hangzhou.pk, state="notified")
    old = SimpleNamespace(
        pk=1,
        case=case,
        current=False,
        served_on=D(2026, 6, 1),
        statement_due=D(2026, 6, 4),
        hearing_request_due=None,
    )
    new = SimpleNamespace(
        pk=2,
        case=case,
        current=True,
        served_on=D(2026, 6, 8),
        statement_due=D(2026, 6, 11),
        hearing_request_due=D(2026, 6, 15),
    )
    Deadline.objects.create(  # the open row the step made for the current notice, untied
        subject_type="cases.case",
        subject_id="4343",
        agency_id=world.hangzhou.pk,
        code="A12_statement",
        title="陈述申辩期限",
        start=D(2026, 6, 8),
        due=D(2026, 6, 11),
        original_due=D(2026, 6, 11),
    )

    class Chain(list):
        def select_related(self, *a):
            return self

        def order_by(self, *a):
            return self

        def iterator(self):
            return iter(self)

    class OldNotice:
        objects = Chain([old, new])

    class Apps:
        def get_model(self, app, name):
            return OldNotice if name == "Notice" else django_apps.get_model(app, name)

    migration.copies_to_rows(Apps(), None)
    migration.copies_to_rows(Apps(), None)
    rows = Deadline.objects.filter(subject_id="4343").order_by("code", "origin_id")
    got = [(r.code, r.origin_type, r.origin_id, r.due, r.state) for r in rows]
    assert got == [
        ("A10_hearing_request", "cases.notice", "2", D(2026, 6, 15), "open"),
        ("A12_statement", "cases.notice", "1", D(2026, 6, 4), "met"),
        ("A12_statement", "cases.notice", "2", D(2026, 6, 11), "open"),
    ]
