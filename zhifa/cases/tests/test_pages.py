"""The case pages through the test client: list and filters, scope, the actions offered, forms that
answer in Chinese and keep what the user typed, and the idempotency key on a repeated post."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhifa.cases import selectors, services
from zhifa.cases.models import Case
from zhifa.core.procedure.rules import RECUSAL_GROUNDS

ORG = {"kind": "organisation", "name": "某建设工程有限公司", "id_number": "91330100716105852F"}
PERSON = {"kind": "person", "name": "王小明", "id_number": "11010519491231002X"}


def today() -> date:
    return timezone.localdate()


def make_lead(people, *, party=None, facts="擅自在公路用地范围内挖掘", **kwargs) -> Case:
    return services.create_lead(
        actor=people.o1.user,
        agency=people.o1.user.agency,
        source="inspection",
        facts=facts,
        received_on=kwargs.pop("received_on", today() - timedelta(days=3)),
        violation_date=kwargs.pop("violation_date", today() - timedelta(days=4)),
        party=party or ORG,
        provision=kwargs.pop("provision", "hl-76-1"),
        officers=[people.o1, people.o2],
        **kwargs,
    )


def filed(people, **kwargs) -> Case:
    case = make_lead(people, **kwargs)
    services.fire_step(case, "file_case", actor=people.head, as_of=today() - timedelta(days=2))
    case.refresh_from_db()
    return case


def action_codes(html: str) -> tuple[set[str], set[str]]:
    """(enabled, disabled) action codes on a case page."""
    enabled = set(re.findall(r'data-action="([a-z_]+)">\s*<a class="button"', html))
    disabled = set(re.findall(r'data-action="([a-z_]+)">\s*<button type="button" disabled', html))
    return enabled, disabled


# --- list ------------------------------------------------------------------------------------------


def test_list_shows_own_cases_and_filters_by_state(world, people, law, login):
    # given a lead and a filed case in Hangzhou, and a lead in Ningbo
    lead = make_lead(people, facts="线索甲")
    case = filed(people, facts="线索乙")
    from zhifa import testing

    nb_officers = [testing.make_officer(world.ningbo) for _ in range(2)]
    services.create_lead(
        actor=nb_officers[0].user,
        agency=world.ningbo,
        source="report",
        facts="宁波线索",
        received_on=today(),
        party=PERSON,
        officers=nb_officers,
    )
    client = login(people.o1.user)
    # when
    everything = client.get("/cases/").content.decode()
    only_filed = client.get("/cases/", {"state": "filed"}).content.decode()
    # then
    assert f"/cases/{lead.pk}/" in everything and f"/cases/{case.pk}/" in everything
    assert "宁波线索" not in everything and "共 2 件" in everything
    assert f"/cases/{case.pk}/" in only_filed and f"/cases/{lead.pk}/" not in only_filed
    assert case.case_number in only_filed


def test_list_filters_by_procedure_officer_and_overdue(world, people, law, login):
    # given a lead handled by o1+o2, a filed case by o1+o3, and a lead whose due day has passed
    lead = make_lead(people)
    other = services.create_lead(
        actor=people.o1.user,
        agency=people.o1.user.agency,
        source="inspection",
        facts="另一线索",
        received_on=today(),
        violation_date=today(),
        party=PERSON,
        officers=[people.o1, people.o3],
    )
    services.fire_step(other, "file_case", actor=people.head, as_of=today())
    Case.objects.filter(pk=lead.pk).update(next_due=today() - timedelta(days=1))
    client = login(people.head)
    # when
    general = client.get("/cases/", {"procedure": "general"}).content.decode()
    by_o3 = client.get("/cases/", {"officer": people.o3.pk}).content.decode()
    overdue = client.get("/cases/", {"overdue": "on"}).content.decode()
    junk = client.get("/cases/", {"state": "nonsense", "officer": "x", "page": "999"})
    # then
    assert f"/cases/{other.pk}/" in general and f"/cases/{lead.pk}/" not in general
    assert f"/cases/{other.pk}/" in by_o3 and f"/cases/{lead.pk}/" not in by_o3
    assert f"/cases/{lead.pk}/" in overdue and f"/cases/{other.pk}/" not in overdue
    assert "已逾期" in overdue
    assert junk.status_code == 200


def test_list_masks_a_persons_name_and_paginates(world, people, law, login):
    # given 27 leads against a person
    for i in range(27):
        make_lead(people, party=PERSON, facts=f"线索{i}")
    client = login(people.o1.user)
    # when
    first = client.get("/cases/").content.decode()
    second = client.get("/cases/", {"page": 2}).content.decode()
    # then
    assert "王某某" in first and "王小明" not in first
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert second.count('data-label="案号"') == 2


def test_htmx_filter_returns_only_the_rows(world, people, law, login):
    # given
    make_lead(people)
    client = login(people.o1.user)
    # when
    response = client.get("/cases/", {"state": "lead"}, HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert '<table class="cases">' in html and "<html" not in html


# --- scope -----------------------------------------------------------------------------------------


def test_another_agencys_case_is_not_found(world, people, law, login):
    # given a Hangzhou case and Ningbo's agency head
    case = make_lead(people)
    client = login(people.other_head)
    # when / then: the page, an action and a task all answer 404, as for a missing case
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/actions/file_case/").status_code == 404
    assert client.post(f"/cases/{case.pk}/actions/file_case/", {}).status_code == 404
    assert client.get(f"/cases/{case.pk}/evidence/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404


def test_pages_need_a_login(client, world, people, law):
    # given
    case = make_lead(people)
    # when / then
    for url in ("/cases/", "/cases/leads/new/", f"/cases/{case.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- actions offered -------------------------------------------------------------------------------


def test_a_lead_offers_filing_to_the_head_only(world, people, law, login):
    # given a lead
    case = make_lead(people)
    # when
    as_officer = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    as_head = login(people.head).get(f"/cases/{case.pk}/").content.decode()
    as_reviewer = login(people.reviewer).get(f"/cases/{case.pk}/").content.decode()
    # then: the head may file or decline; the officer may decide on the spot at most
    head_on, _ = action_codes(as_head)
    assert {"file_case", "decline_filing"} <= head_on
    officer_on, officer_off = action_codes(as_officer)
    assert not ({"file_case", "decline_filing"} & (officer_on | officer_off))
    assert action_codes(as_reviewer) == (set(), set())
    assert "您当前没有可办理的事项" in as_reviewer
    # and an action not offered cannot be opened by URL
    assert login(people.o1.user).get(f"/cases/{case.pk}/actions/file_case/").status_code == 404


def test_a_blocked_step_is_shown_disabled_with_its_chinese_reason(world, people, law, login):
    # given a case under investigation with no evidence recorded yet
    case = filed(people)
    services.fire_step(case, "start_investigation", actor=people.o1.user, as_of=today())
    case.refresh_from_db()
    # when
    html = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    # then
    on, off = action_codes(html)
    assert "submit_report" in off
    blocked = next(
        a for a in selectors.actions_for(people.o1.user, case, today()) if a.code == "submit_report"
    )
    assert blocked.refusals and blocked.refusals[0]["message"] in html
    # when the officers record an interview, the step is enabled
    services.record_investigation_record(
        case, actor=people.o1.user, kind="interview_record", as_of=today()
    )
    on, off = action_codes(login(people.o1.user).get(f"/cases/{case.pk}/").content.decode())
    assert "submit_report" in on


def test_case_page_shows_header_deadlines_timeline_and_officers(world, people, law, login):
    # given a filed case against a person
    case = filed(people, party=PERSON)
    # when
    html = login(people.o1.user).get(f"/cases/{case.pk}/").content.decode()
    # then
    assert case.case_number in html and "已立案" in html and "普通程序" in html
    assert "王小明" in html and "11010519491231002X" not in html and "1***************2X" in html
    assert "张执法" in html and "李执法" in html and "可以执法" in html
    assert 'id="deadlines"' in html and "自 " in html  # the 90-day decision period is open
    assert "立案" in html.split('id="timeline"')[1]


# --- forms -----------------------------------------------------------------------------------------


def test_lead_form_errors_are_chinese_and_keep_the_input(world, people, law, login):
    # given
    client = login(people.o1.user)
    form = client.get("/cases/leads/new/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form).group(1)
    # when: one officer only and a bad ID number
    response = client.post(
        "/cases/leads/new/",
        {
            "idempotency_key": key,
            "source": "inspection",
            "received_on": today().isoformat(),
            "facts": "货车超限运输",
            "party_kind": "person",
            "party_name": "李大壮",
            "party_id_number": "110105194912310021",
            "officers": [str(people.o1.pk)],
        },
    )
    html = response.content.decode()
    # then: the form comes back in Chinese with everything typed
    assert response.status_code == 200
    assert "请至少选择两名执法人员" in html
    assert "货车超限运输" in html and 'value="李大壮"' in html and key in html
    assert not Case.objects.exists()
    # when: two officers, still a bad ID number: the service's message, input kept
    response = client.post(
        "/cases/leads/new/",
        {
            "idempotency_key": key,
            "source": "inspection",
            "received_on": today().isoformat(),
            "facts": "货车超限运输",
            "party_kind": "person",
            "party_name": "李大壮",
            "party_id_number": "110105194912310021",
            "officers": [str(people.o1.pk), str(people.o2.pk)],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "error-box" in html and "身份证" in html
    assert "货车超限运输" in html and 'value="110105194912310021"' in html
    assert not Case.objects.exists()


def test_lead_form_records_a_lead_once_for_a_double_click(world, people, law, login):
    # given
    client = login(people.o1.user)
    data = {
        "idempotency_key": "a" * 32,
        "source": "report",
        "received_on": today().isoformat(),
        "violation_date": (today() - timedelta(days=1)).isoformat(),
        "provision": "hl-76-1",
        "facts": "群众举报擅自挖掘公路",
        **{f"party_{k}": v for k, v in ORG.items()},
        "officers": [str(people.o1.pk), str(people.o2.pk)],
    }
    # when: the same form posted twice
    first = client.post("/cases/leads/new/", data)
    second = client.post("/cases/leads/new/", data)
    # then
    case = Case.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/cases/{case.pk}/"
    assert case.state == "lead" and case.provision.data_id == "hl-76-1"


def test_action_form_domain_error_is_chinese_and_keeps_the_input(world, people, law, login):
    # given a lead, and the head about to file it on a day before the lead was received
    case = make_lead(people)
    client = login(people.head)
    form = client.get(f"/cases/{case.pk}/actions/decline_filing/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form).group(1)
    # when: declined with a reason but dated before the lead (backdated)
    response = client.post(
        f"/cases/{case.pk}/actions/decline_filing/",
        {
            "idempotency_key": key,
            "as_of": (today() - timedelta(days=30)).isoformat(),
            "reason": "举报内容不属实，经核查无违法事实",
        },
    )
    html = response.content.decode()
    # then: the guard's Chinese message, the reason and key kept, nothing changed
    assert response.status_code == 200 and "error-box" in html
    assert "不得早于" in html or "早于" in html
    assert "举报内容不属实，经核查无违法事实" in html and key in html
    case.refresh_from_db()
    assert case.state == "lead"


def test_action_form_field_errors_are_chinese(world, people, law, login):
    # given a lead
    case = make_lead(people)
    client = login(people.head)
    # when: declined without a reason and without a date
    response = client.post(
        f"/cases/{case.pk}/actions/decline_filing/",
        {"idempotency_key": "b" * 32, "as_of": "", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    # then: the partial form with Django's Chinese "required" message beside each field
    assert response.status_code == 200 and "<html" not in html
    assert html.count("这个字段是必填项。") == 2


def test_filing_through_the_form_then_a_repeat_changes_nothing(world, people, law, login):
    # given a lead
    case = make_lead(people)
    client = login(people.head)
    data = {"idempotency_key": "c" * 32, "as_of": today().isoformat()}
    # when: filed, and the same form posted again (a double click)
    first = client.post(f"/cases/{case.pk}/actions/file_case/", data, HTTP_HX_REQUEST="true")
    case.refresh_from_db()
    number = case.case_number
    second = client.post(f"/cases/{case.pk}/actions/file_case/", data)
    # then: filed once; the second post is refused as not offered any more (404), nothing changed
    assert first.status_code == 204 and first["HX-Redirect"] == f"/cases/{case.pk}/"
    assert case.state == "filed" and number
    assert second.status_code == 404
    case.refresh_from_db()
    assert case.case_number == number and case.steps.count() == 1


def test_decline_shows_reason_and_approver_on_the_lead_page(world, people, law, login):
    # given
    case = make_lead(people)
    client = login(people.head)
    # when
    client.post(
        f"/cases/{case.pk}/actions/decline_filing/",
        {"idempotency_key": "d" * 32, "as_of": today().isoformat(), "reason": "不属于本机关管辖"},
    )
    html = client.get(f"/cases/{case.pk}/").content.decode()
    # then
    assert "不予立案" in html and "不属于本机关管辖" in html and "赵负责人" in html


@pytest.mark.parametrize("url", ["details", "evidence", "recusal"])
def test_task_forms_render_for_an_officer(world, people, law, login, url):
    # given
    case = filed(people)
    # when
    response = login(people.o1.user).get(f"/cases/{case.pk}/{url}/")
    # then
    assert response.status_code == 200 and 'name="idempotency_key"' in response.content.decode()


def test_recusal_requested_by_an_officer_and_decided_by_the_head(world, people, law, login):
    # given a filed case; 李执法 declares a ground for stepping aside
    case = filed(people)
    officer = login(people.o2.user)
    officer.post(
        f"/cases/{case.pk}/recusal/",
        {
            "idempotency_key": "e" * 32,
            "officer": str(people.o2.pk),
            "requested_by": "officer",
            "ground": next(iter(RECUSAL_GROUNDS)),
            "reason": "与当事人负责人系近亲属",
            "as_of": today().isoformat(),
        },
    )
    # when the head opens the case: the pending request with a decision form
    head = login(people.head)
    html = head.get(f"/cases/{case.pk}/").content.decode()
    recusal = case.recusals.get()
    assert "待决定的回避申请" in html and f"/recusals/{recusal.pk}/decide/" in html
    # when the head decides that the officer steps aside
    response = head.post(
        f"/cases/{case.pk}/recusals/{recusal.pk}/decide/",
        {
            "idempotency_key": "f" * 32,
            "approved": "1",
            "earlier_acts_stand": "on",
            "opinion": "理由成立",
            "as_of": today().isoformat(),
        },
    )
    # then the officer is shown recused, and the case lacks its second officer
    assert response.status_code == 302
    html = head.get(f"/cases/{case.pk}/").content.decode()
    assert "已回避" in html and "待决定的回避申请" not in html
    off = action_codes(login(people.o1.user).get(f"/cases/{case.pk}/").content.decode())[1]
    assert "start_investigation" in off


def test_the_head_adds_an_officer_to_the_case(world, people, law, login):
    # given a filed case handled by 张执法 and 李执法
    case = filed(people)
    client = login(people.head)
    form = client.get(f"/cases/{case.pk}/assign/").content.decode()
    assert "王执法" in form and "张执法" not in form  # only officers not yet on the case
    # when
    response = client.post(
        f"/cases/{case.pk}/assign/",
        {
            "idempotency_key": "1" * 32,
            "officers": [str(people.o3.pk)],
            "as_of": today().isoformat(),
        },
    )
    # then
    assert response.status_code == 302
    assert (
        "王执法" in client.get(f"/cases/{case.pk}/").content.decode().split('id="case-officers"')[1]
    )


def test_a_deviation_inside_the_range_is_refused_in_chinese(world, people, law, login):
    # given a filed case with a recommendation computed
    case = filed(people)
    services.recommend_penalty(case, actor=people.o1.user, as_of=today())
    client = login(people.head)
    assert "批准偏离裁量建议" in client.get(f"/cases/{case.pk}/").content.decode()
    # when the head "approves" an amount inside the recommended range
    case.refresh_from_db()
    low = case.recommendation["recommended_range"]["low"]
    response = client.post(
        f"/cases/{case.pk}/deviation/",
        {
            "idempotency_key": "2" * 32,
            "amount": low,
            "reason": "情节较重",
            "as_of": today().isoformat(),
        },
    )
    # then the service's Chinese message, the reason kept
    html = response.content.decode()
    assert response.status_code == 200 and "无需批准" in html and "情节较重" in html


def test_a_reviewer_gets_no_officer_tasks(world, people, law, login):
    # given
    case = filed(people)
    # when
    html = login(people.reviewer).get(f"/cases/{case.pk}/").content.decode()
    # then
    assert "记录调查取证笔录" not in html and "补充案件信息" not in html


def notified(people) -> Case:
    """A case whose notice of violation (a 5,000-yuan fine) was served today."""
    case = filed(people)
    o1, head, day = people.o1.user, people.head, today()
    services.fire_step(case, "start_investigation", actor=o1, as_of=day)
    services.record_investigation_record(case, actor=o1, kind="interview_record", as_of=day)
    for code, actor in (("submit_report", o1), ("review_report", head), ("approve_report", head)):
        services.fire_step(case, code, actor=actor, as_of=day)
    services.fire_step(
        case,
        "serve_rights_notice",
        actor=o1,
        as_of=day,
        penalty={"kinds": ["fine"], "fine": "5000"},
        service_method="direct",
    )
    case.refresh_from_db()
    return case


def test_a_waiver_button_records_the_fact_and_unblocks_the_decision(world, people, law, login):
    # given a notified case: the head may not decide before the party is heard or waives
    case = notified(people)
    url = f"/cases/{case.pk}/"
    html = login(people.head).get(url).content.decode()
    assert "decide_penalty" in action_codes(html)[1]
    assert "/facts/waive_statement/" not in html  # an officer records the party's waiver
    officer = login(people.o1.user)
    assert f"{url}facts/waive_statement/" in officer.get(url).content.decode()
    # when the officer records the party's express waiver
    response = officer.post(f"{url}facts/waive_statement/", {"idempotency_key": "3" * 32})
    # then
    assert response.status_code == 302
    assert "已记录：当事人明确放弃陈述申辩" in officer.get(url).content.decode()
    assert "decide_penalty" in action_codes(login(people.head).get(url).content.decode())[0]


def test_the_decision_form_suggests_the_notified_penalty(world, people, law, login):
    # given a notified case whose party waived the statement
    case = notified(people)
    services.waive_statement(case, actor=people.o1.user, as_of=today())
    # when the head opens the decision form (htmx partial)
    response = login(people.head).get(
        f"/cases/{case.pk}/actions/decide_penalty/", HTTP_HX_REQUEST="true"
    )
    # then
    html = response.content.decode()
    assert "<html" not in html and 'id="action-form"' in html
    assert 'name="penalty_fine"' in html and 'value="5000.00"' in html
    assert 'value="fine" checked' in html or ('value="fine"' in html and "checked" in html)
