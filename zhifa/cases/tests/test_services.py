"""Services and selectors below the API: numbering, roles, the snapshot, filters, the timeline."""

from datetime import date

import pytest

from zhifa import testing
from zhifa.cases import numbering, selectors, services
from zhifa.cases.tests.helpers import ORG, PERSON
from zhifa.core.errors import DomainError
from zhifa.core.procedure import State

D = date


def lead(world, people, **kw):
    defaults = {
        "actor": people.o1.user,
        "agency": world.hangzhou,
        "source": "inspection",
        "facts": "擅自挖掘公路",
        "received_on": D(2026, 6, 1),
        "violation_date": D(2026, 5, 30),
        "party": ORG,
        "officers": [people.o1, people.o2],
    }
    return services.create_lead(**{**defaults, **kw})


# --- numbers --------------------------------------------------------------------------------------


def test_case_number_scheme(world):
    # one function holds the scheme: 浙杭交执罚〔2026〕000123号
    assert numbering.format_case_number(world.hangzhou, 2026, 123) == "浙杭交执罚〔2026〕000123号"
    assert numbering.agency_prefix(world.zhejiang) == "浙交执"
    assert numbering.agency_prefix(world.chengdu) == "四成交执"
    assert (
        numbering.format_document_number(world.hangzhou, 2026, "violation_notice", 7)
        == "浙杭交执告〔2026〕000007号"
    )


def test_numbers_run_per_agency_and_year(world):
    # given two agencies and two years
    first = numbering.new_case_number(world.hangzhou, 2026)
    second = numbering.new_case_number(world.hangzhou, 2026)
    other_agency = numbering.new_case_number(world.ningbo, 2026)
    next_year = numbering.new_case_number(world.hangzhou, 2027)
    # then each series counts on its own
    assert first.endswith("000001号") and second.endswith("000002号")
    assert other_agency == "浙宁交执罚〔2026〕000001号"
    assert next_year == "浙杭交执罚〔2027〕000001号"


# --- leads and parties ------------------------------------------------------------------------------


def test_lead_makes_a_case_in_state_lead(world, people):
    case = lead(world, people)
    assert case.state == State.LEAD and case.case_number is None
    assert case.lead.source == "inspection" and case.lead.state == "open"
    assert [r.role for r in selectors.case_officers(case)] == ["lead", "assist"]
    assert case.party.id_number == "91330100716105852F"


def test_only_officers_or_heads_of_the_agency_record_leads(world, people):
    outsider = testing.make_user(world.ningbo, roles=("officer",))
    with pytest.raises(DomainError) as refused:
        lead(world, people, actor=outsider)
    assert refused.value.code == "not_found"
    with pytest.raises(DomainError) as refused:
        lead(world, people, actor=people.reviewer)
    assert refused.value.code == "procedure_role_not_allowed"


def test_violation_after_lead_refused(world, people):
    with pytest.raises(DomainError) as refused:
        lead(world, people, violation_date=D(2026, 6, 2))
    assert refused.value.code == "violation_after_lead"


def test_party_plate_and_resident_id_normalised(world, people):
    party = services.create_party(
        actor=people.o1.user, **{**PERSON, "id_number": "11010519491231002x"}, plate="浙A·12345"
    )
    assert party.id_number == "11010519491231002X" and party.plate == "浙A12345"


def test_electronic_service_needs_an_address(world, people):
    with pytest.raises(DomainError) as refused:
        services.create_party(actor=people.o1.user, **PERSON, e_service_confirmed=True)
    assert refused.value.code == "e_service_address_missing"


# --- roles on a case -----------------------------------------------------------------------------


def test_roles_on_a_case(world, people):
    case = lead(world, people)
    day = D(2026, 6, 2)
    assert selectors.roles_for(people.o1.user, case, day) == {"officer"}
    # an officer of the agency who is not on the case holds nothing
    assert selectors.roles_for(people.o3.user, case, day) == frozenset()
    assert selectors.roles_for(people.head, case, day) == {
        "agency_head",
        "unit_head",
        "principal_head",
    }
    assert selectors.roles_for(people.reviewer, case, day) == {"legal_reviewer"}
    assert selectors.roles_for(people.other_head, case, day) == frozenset()
    assert selectors.roles_for(None, case, day) == {"system"}


def test_expired_certificate_drops_the_officer_role(world, people):
    old = testing.make_officer(world.hangzhou, valid_until=D(2026, 5, 31))
    case = lead(world, people, officers=[people.o1, old])
    assert selectors.roles_for(old.user, case, D(2026, 5, 31)) == {"officer"}
    assert selectors.roles_for(old.user, case, D(2026, 6, 1)) == frozenset()
    with pytest.raises(DomainError) as refused:
        services.file_case(case, actor=people.head, as_of=D(2026, 6, 1))
    assert refused.value.code == "two_officers_required"
    assert "过期" not in refused.value.message  # the refusal names the officer, not the reason
    assert old.user.full_name in refused.value.message


# --- the snapshot ---------------------------------------------------------------------------------


def test_snapshot_maps_rows_to_the_core(world, people):
    case = lead(world, people, triggers={"complex_case": True})
    facts = selectors.case_facts(case, as_of=D(2026, 6, 2))
    assert facts.state == State.LEAD and facts.procedure is None
    assert facts.party_kind == "organisation"
    assert len(facts.acting_officers(D(2026, 6, 2))) == 2
    assert facts.triggers.complex_case is True
    assert facts.lead_received_on == D(2026, 6, 1)
    assert facts.violation_ended_on == D(2026, 5, 30)
    # no province parameter: no "large amount" (TEPP Art. 80 para 2), never the maritime figure
    assert facts.large_amounts is None


def test_unknown_trigger_refused(world, people):
    with pytest.raises(DomainError) as refused:
        lead(world, people, triggers={"looks_guilty": True})
    assert refused.value.code == "triggers_unknown"


# --- reads ----------------------------------------------------------------------------------------


def test_visible_cases_follow_the_tree(world, people):
    case = lead(world, people)
    ningbo_officer = testing.make_user(world.ningbo, roles=("officer",))
    province = testing.make_user(world.zhejiang, roles=("supervisor",))
    ministry = testing.make_user(world.ministry, roles=("supervisor",))
    assert list(selectors.visible_cases(people.o1.user)) == [case]
    assert list(selectors.visible_cases(province)) == [case]
    assert list(selectors.visible_cases(ministry)) == [case]
    assert list(selectors.visible_cases(ningbo_officer)) == []
    with pytest.raises(DomainError) as refused:
        selectors.access_case(ningbo_officer, case.pk)
    assert refused.value.code == "case_not_found"
    with pytest.raises(DomainError):
        selectors.access_case(people.o1.user, "not-a-number")


def test_list_filters(world, people):
    a = lead(world, people)
    b = lead(world, people, officers=[people.o1, people.o3])
    services.file_case(b, actor=people.head, as_of=D(2026, 6, 2))
    user = people.head
    assert list(selectors.filter_cases(user, state="filed")) == [b]
    assert list(selectors.filter_cases(user, procedure="general")) == [b]
    assert list(selectors.filter_cases(user, procedure="")) == [a]
    assert list(selectors.filter_cases(user, officer=people.o3.pk)) == [b]
    assert set(selectors.filter_cases(user, officer=people.o1.pk)) == {a, b}
    # overdue: the 90-day period of b (due 31 August) has run on 1 September
    assert list(selectors.filter_cases(user, overdue=True, as_of=D(2026, 9, 1))) == [b]
    assert list(selectors.filter_cases(user, overdue=True, as_of=D(2026, 8, 31))) == []
    assert list(selectors.filter_cases(user, q="杭州某建设")) == [b, a]


def test_actions_show_what_may_be_done_now(world, people):
    case = lead(world, people)
    day = D(2026, 6, 2)
    head = {a.code: a for a in selectors.actions_for(people.head, case, day)}
    assert set(head) >= {"file_case", "decline_filing", "transfer_to_agency"}
    assert head["file_case"].allowed and head["decline_filing"].form == ("reason",)
    # the missing reason is not a block: the form asks for it
    assert head["decline_filing"].allowed
    officer = {a.code for a in selectors.actions_for(people.o1.user, case, day)}
    assert officer == {"decide_on_spot"}
    assert selectors.actions_for(people.other_head, case, day) == []


def test_timeline_from_the_journal(world, people):
    case = lead(world, people)
    services.file_case(case, actor=people.head, as_of=D(2026, 6, 2))
    items = selectors.case_timeline(case)
    codes = [i.event_type for i in items]
    assert codes[:2] == ["case.lead_created", "case.officers_assigned"]
    assert "case.file_case" in codes
    filed = next(i for i in items if i.event_type == "case.file_case")
    assert filed.label == "立案" and filed.actor_name == "赵负责人"
    assert filed.payload["article"] == "APL Art. 54; TEPP Arts. 62–63"
    assert filed.payload["opened"] == [{"code": "A13_decision", "due": "2026-08-31"}]


def test_details_locked_after_the_notice(world, people, law):
    case = lead(world, people, provision="hl-76-1")
    services.update_case_details(
        case, actor=people.o1.user, as_of=D(2026, 6, 1), facts={"area_m2": 5}, limitation_years=5
    )
    case.refresh_from_db()
    assert case.facts == {"area_m2": 5} and case.limitation_years == 5
    with pytest.raises(DomainError) as refused:
        services.update_case_details(case, actor=people.o3.user, as_of=D(2026, 6, 1), facts={})
    assert refused.value.code == "procedure_role_not_allowed"
    case.state = State.NOTIFIED.value
    case.save(update_fields=["state"])
    with pytest.raises(DomainError) as refused:
        services.update_case_details(
            case, actor=people.o1.user, as_of=D(2026, 6, 1), provision="hsp-69"
        )
    assert refused.value.code == "case_details_locked"
