"""The case page holds the case (issue 8, point 4): penalties always visible, the discretion fact
form generated from the provision's declared facts, approval forms that show what is approved and
take the approver's opinion, only the actions possible now, and forms that ask for everything."""

from __future__ import annotations

import re
from datetime import timedelta

from zhifa import testing
from zhifa.cases import services
from zhifa.cases.forms import ActionForm, LeadForm
from zhifa.cases.models import StepRecord
from zhifa.officers.models import Suspension

from .test_pages import action_codes, filed, make_lead, notified, today

TRUCK = {"kind": "person", "name": "王小明", "id_number": "11010519491231002X", "plate": "浙A12345"}
OVERWEIGHT = {
    "fact__gross_mass_kg": "49000",
    "fact__vehicle_class": "5_axle_combination",
    "fact__first_violation": "1",
}


def overweight(people):
    return filed(people, provision="ovl-43-2", party=TRUCK, facts="治超站检测车货总质量超限")


def test_the_top_shows_the_notified_penalty_and_no_decision_yet(world, people, law, login):
    # given a case notified with a 5,000-yuan fine
    case = notified(people)
    # when
    html = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    # then both boxes are at the top, the amount in yuan as officers write it
    top = html.split('id="penalty-summary"')[1].split('id="actions"')[0]
    assert "5,000 元" in top and "罚款" in top and "尚未决定" in top


def test_the_page_has_every_section_and_the_evidence_lists_the_records(world, people, law, login):
    # given a case with an interview record
    case = filed(people)
    services.fire_step(case, "start_investigation", actor=people.o1.user, as_of=today())
    services.record_investigation_record(
        case, actor=people.o1.user, kind="interview_record", summary="询问现场负责人", as_of=today()
    )
    # when
    html = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    # then
    for anchor in ("facts", "evidence", "measures", "recommendation", "documents", "deadlines"):
        assert f'id="{anchor}"' in html
    evidence = html.split('id="evidence"')[1].split('id="measures"')[0]
    assert "询问笔录" in evidence and "询问现场负责人" in evidence
    assert f"/evidence/cases/{case.pk}/" in evidence  # upload right there
    assert "data-measures-panel" in html


def test_the_fact_form_speaks_chinese_and_the_recommendation_lands_in_the_card(
    world, people, law, login
):
    # given an overweight case
    case = overweight(people)
    client = login(people.o1.user)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    card = html.split('id="recommendation"')[1]
    # then the form asks in Chinese with units, never an internal key
    assert "车货总质量（千克）" in card and "车型（轴数与车辆类型）" in card
    assert ">excess_kg" not in card and "excess_kg<" not in card
    # when the officer enters the weighing and computes
    response = client.post(f"/cases/{case.pk}/discretion/", OVERWEIGHT)
    # then the facts are stored, the recommendation computed, the message in the card
    assert response.status_code == 302 and response["Location"].endswith("#recommendation")
    case.refresh_from_db()
    assert case.facts["gross_mass_kg"] == "49000" and case.facts["first_violation"] is True
    assert case.recommendation and case.recommendation["outcome"]
    html = client.get(f"/cases/{case.pk}/").content.decode()
    card = html.split('id="recommendation"')[1].split('id="documents"')[0]
    assert 'id="discretion-note"' in card and "已计算裁量建议" in card
    assert 'id="reasons"' in card
    assert not re.search(r"[（(][a-z][a-z0-9_]*[)）]", card.split('id="reasons"')[1])
    assert 'value="49000"' in card  # the stored facts fill the form again


def test_the_overweight_form_offers_the_dimensions_and_adds_their_fine(world, people, law, login):
    # given an overweight case (超限规定第四十三条第一款第（二）项)
    case = overweight(people)
    client = login(people.o1.user)
    card = client.get(f"/cases/{case.pk}/").content.decode().split('id="recommendation"')[1]
    # then the optional dimensions are asked for in Chinese with their unit
    for label in ("车货总高度（米）", "车货总宽度（米）", "车货总长度（米）"):
        assert label in card
    assert "第四十三条第二款" in card  # the help says the fines add up
    # when the weighing shows 6,000 kg over a 5-axle combination and a height of 4.3 m
    facts = {**OVERWEIGHT, "fact__height_m": "4.3"}
    del facts["fact__first_violation"]
    assert client.post(f"/cases/{case.pk}/discretion/", facts).status_code == 302
    # then 3,000 (6 × 500) plus the second tier's 200–1,000, the middle suggested (第四十三条第二款)
    case.refresh_from_db()
    rec = case.recommendation
    assert case.facts["height_m"] == "4.3"
    assert rec["statutory_range"]["low"] == "3200" and rec["statutory_range"]["high"] == "4000"
    assert rec["suggested_amount"] == "3600"
    codes = {r["code"] for r in rec["reasons"]}
    assert {"overlimit_weight_part", "overlimit_dimension_part", "overlimit_cumulative"} <= codes
    assert "第四十三条第二款" in rec["reasoning"] and "高4.3米" in rec["reasoning"]


def test_a_bad_fact_value_is_refused_in_the_card_and_nothing_is_stored(world, people, law, login):
    # given
    case = overweight(people)
    # when
    response = login(people.o1.user).post(
        f"/cases/{case.pk}/discretion/",
        {"fact__gross_mass_kg": "四十九吨", "fact__vehicle_class": "5_axle_combination"},
        HTTP_HX_REQUEST="true",
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200 and 'id="discretion-errors"' in html
    assert "车货总质量" in html and "应为数字" in html and 'value="四十九吨"' in html
    case.refresh_from_db()
    assert not case.facts and not case.recommendation


def test_the_head_approving_the_report_sees_it_and_gives_an_opinion(world, people, law, login):
    # given a submitted report with evidence and a recommendation
    case = filed(people)
    o1, head, day = people.o1.user, people.head, today()
    services.fire_step(case, "start_investigation", actor=o1, as_of=day)
    services.record_investigation_record(case, actor=o1, kind="interview_record", as_of=day)
    services.recommend_penalty(case, actor=o1, as_of=day)
    services.fire_step(case, "submit_report", actor=o1, as_of=day, summary="擅自挖掘公路属实")
    services.fire_step(case, "review_report", actor=head, as_of=day)
    client = login(head)
    # when the head opens the approval
    html = client.get(f"/cases/{case.pk}/actions/approve_report/").content.decode()
    # then the report, the evidence, the proposed penalty and the recommendation are shown
    approval = html.split('id="approval"')[1]
    assert "擅自挖掘公路属实" in approval and "询问笔录" in approval
    assert 'id="approval-penalty"' in approval and 'id="approval-recommendation"' in approval
    assert "尚未计算裁量建议" not in approval
    assert 'name="opinion"' in html and "审批意见" in html
    # when approving with an opinion, it is kept in the step's inputs
    response = client.post(
        f"/cases/{case.pk}/actions/approve_report/",
        {"as_of": day.isoformat(), "idempotency_key": "a" * 32, "opinion": "同意，拟告知"},
    )
    assert response.status_code == 302
    step = StepRecord.objects.get(case=case, code="approve_report")
    assert step.inputs["opinion"] == "同意，拟告知"


def test_service_and_payment_forms_ask_for_everything_at_once():
    # when submitted empty
    serve = ActionForm(
        {"as_of": "", "idempotency_key": "k" * 32},
        code="serve_decision",
        inputs=("service_method", "address", "recipient"),
    )
    pay = ActionForm(
        {"as_of": today().isoformat(), "idempotency_key": "k" * 32, "amount": "500"},
        code="record_payment",
        inputs=("amount", "reference"),
    )
    # then every missing input is named together
    assert not serve.is_valid() and {"as_of", "address", "recipient"} <= set(serve.errors)
    assert not pay.is_valid() and set(pay.errors) == {"reference"}


def test_the_lead_form_checks_the_phone_number(world, people, law):
    def form(phone):
        data = {
            "idempotency_key": "p" * 32,
            "source": "inspection",
            "received_on": today().isoformat(),
            "facts": "巡查发现",
            "party_kind": "person",
            "party_name": "王小明",
            "party_phone": phone,
            "officers": [str(people.o1.pk), str(people.o2.pk)],
        }
        return LeadForm(data, officers=[people.o1, people.o2])

    bad, mobile, landline = form("12345"), form("138 0013 8000"), form("0571-87654321")
    assert not bad.is_valid() and "手机号码" in bad.errors["party_phone"][0]
    assert mobile.is_valid() and landline.is_valid()


def test_a_second_notice_is_an_explicit_renotice_with_a_reason(world, people, law, login):
    # given a notified case sent back by the legal reviewer and approved again
    case = notified(people)
    o1, head, rev, day = people.o1.user, people.head, people.reviewer, today()
    services.waive_statement(case, actor=o1, as_of=day)
    services.fire_step(case, "submit_legal_review", actor=o1, as_of=day)
    services.fire_step(
        case, "return_review_for_investigation", actor=rev, as_of=day, reason="证据不足"
    )
    case.refresh_from_db()
    if case.state != "investigation":
        services.fire_step(case, "start_investigation", actor=o1, as_of=day)
    for code, actor in (("submit_report", o1), ("review_report", head), ("approve_report", head)):
        services.fire_step(case, code, actor=actor, as_of=day)
    client = login(o1)
    # when
    html = client.get(f"/cases/{case.pk}/").content.decode()
    form = client.get(f"/cases/{case.pk}/actions/serve_rights_notice/").content.decode()
    # then
    assert "重新告知" in html.split('data-action="serve_rights_notice"')[1][:300]
    assert 'name="renotice_reason"' in form and "重新告知的理由" in form


def test_blocked_facts_are_disabled_with_the_reason(world, people, law, login):
    # given a notified case whose party already waived the statement
    case = notified(people)
    services.waive_statement(case, actor=people.o1.user, as_of=today())
    # when
    html = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    # then the waiver is no longer a button to press, and posting it changes nothing
    block = html.split('data-fact="waive_statement"')[1][:400]
    assert "disabled" in block and "已登记当事人放弃陈述申辩" in block
    response = login(people.o1.user).post(
        f"/cases/{case.pk}/facts/waive_statement/", {"idempotency_key": "w" * 32}
    )
    assert response.status_code == 404
    assert (
        "decide_penalty"
        in action_codes(login(people.head).get(f"/cases/{case.pk}/").content.decode())[0]
    )


def test_a_supervisor_is_not_offered_the_lead_form(world, people, law, login):
    # given
    supervisor = testing.make_user(world.hangzhou, roles=("supervisor",), username="jiandu")
    client = login(supervisor)
    # then
    assert "/cases/leads/new/" not in client.get("/cases/").content.decode()
    assert client.get("/cases/leads/new/").status_code == 403
    assert "/cases/leads/new/" in login(people.o1.user).get("/cases/").content.decode()


def test_hand_over_offers_only_officers_who_may_hold_evidence(world, people, law):
    from zhifa.evidence.views import _recipients

    # given a case, a supervisor, a suspended officer and an expired one
    case = make_lead(people)
    supervisor = testing.make_user(world.hangzhou, roles=("supervisor",), username="jd2")
    suspended = testing.make_officer(world.hangzhou, username="tingzhi")
    Suspension.objects.create(
        officer=suspended, reason="停止执法", starts_on=today() - timedelta(days=1)
    )
    expired = testing.make_officer(
        world.hangzhou, username="guoqi", valid_until=today() - timedelta(days=1)
    )
    admin = testing.make_user(world.hangzhou, admin_role="system", username="sysadmin")
    # when
    offered = set(_recipients(case))
    # then
    assert {people.o1.user, people.o2.user, people.o3.user, people.head} <= offered
    for user in (supervisor, suspended.user, expired.user, admin, people.reviewer):
        assert user not in offered


def test_the_calculator_opened_from_a_case_offers_to_apply_to_it(world, people, law, login):
    # given
    case = overweight(people)
    client = login(people.o1.user)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    # the calculator link inside the recommendation card (other sections follow it on the page)
    section = html.split('id="recommendation"')[1]
    url = next(h.split('"')[0] for h in section.split('href="')[1:] if h.startswith("/law/"))
    assert url.startswith("/law/") and f"case={case.pk}" in url
    # when the calculator opens from the case
    calc = client.get(url.replace("&amp;", "&")).content.decode()
    # then it carries the case and its provision
    assert f'name="case" value="{case.pk}"' in calc and 'value="ovl-43-2" selected' in calc


def test_the_deviation_form_shows_what_it_departs_from(world, people, law, login):
    # given a case with a recommendation
    case = filed(people)
    services.recommend_penalty(case, actor=people.o1.user, as_of=today())
    # when the head opens the deviation form
    html = login(people.head).get(f"/cases/{case.pk}/deviation/").content.decode()
    # then the recommendation is shown above the amount and reason
    approval = html.split('id="approval"')[1]
    assert 'id="approval-recommendation"' in approval and "尚未计算裁量建议" not in approval
    assert 'name="reason"' in html
