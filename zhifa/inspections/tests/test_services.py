"""Random inspections (issue 14 items 5, 6): the draw, bad input, duplication across levels, the
yearly cap, the record and a finding turned into a lead."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from zhifa.core import draw as core_draw
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections import services
from zhifa.inspections.models import Inspection, Plan, Target
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry
from zhifa.workbench.selectors import workbench_for

from .conftest import JPEG, USCC, make_plan, three_targets


def test_draw_is_reproducible_from_the_published_seed(iw):
    # given a plan with a pool of five targets
    targets = three_targets(iw)
    plan = make_plan(iw, targets=targets, count=2)
    before = JournalEntry.objects.count()
    # when it is drawn with a published seed
    services.draw_plan(plan, seed="2026-浙杭-001", actor=iw.head)
    plan.refresh_from_db()
    # then anyone redoing the draw from the seed and the pools gets the same result
    published = plan.draws.get()
    again = core_draw.draw(
        published.seed,
        targets=[str(t.pk) for t in plan.targets.all()],
        inspectors=[str(o.pk) for o in plan.inspectors.all()],
        target_count=2,
    )
    assert published.result["assignments"] == again.as_dict()["assignments"]
    drawn = list(plan.inspections.all())
    assert len(drawn) == 2 and all(i.inspectors.count() == 2 for i in drawn)
    assert JournalEntry.objects.count() == before + 1
    assert Notification.objects.filter(kind="inspection.assigned").exists()


def test_related_and_unfit_inspectors_are_never_drawn(iw):
    from zhifa import testing
    from zhifa.officers import services as officers

    # an officer certified for ports only may not inspect road transport (T2 Arts. 22–23)
    port_only = testing.make_officer(iw.world.hangzhou, full_name="港口执法", sectors=["port"])
    plan = make_plan(iw, officers=[*iw.officers, port_only])
    target = plan.targets.get()
    related, suspended = iw.officers[0], iw.officers[1]
    services.declare_relation(related, target, reason="配偶在该公司任职", actor=iw.head)
    officers.suspend_officer(suspended, reason="调查中", starts_on=date(2026, 1, 1))
    for seed in ("s1", "s2", "s3"):
        result = core_draw.draw(
            seed,
            targets=[str(target.pk)],
            inspectors=[str(o.pk) for o in plan.inspectors.all()],
            target_count=1,
            excluded=services._exclusions(
                plan, [target], list(plan.inspectors.all()), plan.planned_on
            ),
        )
        assert set(result.assignments[0].inspectors) == {
            str(iw.officers[2].pk),
            str(iw.officers[3].pk),
        }
    services.draw_plan(plan, seed="s1", actor=iw.head)
    drawn = set(plan.inspections.get().inspectors.values_list("pk", flat=True))
    assert drawn == {iw.officers[2].pk, iw.officers[3].pk}
    excluded = dict(Plan.objects.get(pk=plan.pk).draws.get().result["assignments"][0]["excluded"])
    assert "利害关系" in excluded[str(related.pk)]
    assert "暂停执法" in excluded[str(suspended.pk)]
    assert "执法门类" in excluded[str(port_only.pk)]


def test_who_inspected_last_time_is_not_sent_again(iw):
    first = make_plan(iw)
    services.draw_plan(first, seed="a", actor=iw.head)
    done = first.inspections.get()
    last = list(done.inspectors.all())
    services.record_inspection(
        done,
        actor=last[0].user,
        inspected_on=date(2026, 6, 1),
        certificates_shown=True,
        inspectors=last,
        scope="经营场所",
        items_checked=["经营资质"],
        today=date(2026, 6, 2),
    )
    second = make_plan(
        iw, targets=list(first.targets.all()), matter_name="复查", planned_on=date(2026, 9, 1)
    )
    services.draw_plan(second, seed="b", actor=iw.head)
    again = set(second.inspections.get().inspectors.all())
    assert not again & set(last)


BAD = [
    # (what, change, code)
    (
        "one inspector per target (APL Art. 42)",
        dict(inspectors_per_target=1),
        "draw_too_few_inspectors",
    ),
    ("more targets than the pool", dict(target_count=2), "draw_count_out_of_range"),
    ("empty inspector pool", dict(inspectors=[]), "draw_empty_inspector_pool"),
    ("empty target pool", dict(targets=[]), "draw_empty_target_pool"),
    ("date outside the year", dict(planned_on=date(2027, 1, 4)), "inspection_plan_date"),
]


@pytest.mark.parametrize(("what", "change", "code"), BAD)
def test_bad_plans_are_refused_with_nothing_changed(iw, what, change, code):
    matter = services.create_matter(
        iw.world.hangzhou,
        name="客运站检查",
        sector="road_transport",
        basis="《道路运输条例》",
        items=["安全检查"],
        actor=iw.head,
    )
    target = services.add_target(
        iw.world.hangzhou,
        kind="organisation",
        name="杭州某客运站",
        id_number=USCC,
        region=iw.hz,
        actor=iw.head,
    )
    args = dict(
        matter=matter,
        year=2026,
        title="抽查",
        planned_on=date(2026, 6, 1),
        target_count=1,
        targets=[target],
        inspectors=iw.officers,
        actor=iw.head,
    )
    args.update(change)
    before = (Plan.objects.count(), JournalEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.create_plan(iw.world.hangzhou, **args)
    assert exc.value.code == code, what
    assert (Plan.objects.count(), JournalEntry.objects.count()) == before


def test_empty_pool_after_exclusions_refuses_the_draw(iw):
    from zhifa.officers import services as officers

    plan = make_plan(iw, officers=iw.officers[:2])
    officers.suspend_officer(iw.officers[0], reason="调查中", starts_on=date(2026, 1, 1))
    before = (Inspection.objects.count(), JournalEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="x", actor=iw.head)
    assert exc.value.code == "draw_not_enough_inspectors"
    assert (Inspection.objects.count(), JournalEntry.objects.count()) == before
    plan.refresh_from_db()
    assert not plan.draws.exists() and plan.state == "open"


def test_target_in_another_agencys_territory_is_refused(iw):
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.add_target(
            iw.world.hangzhou,
            kind="organisation",
            name="宁波某运输公司",
            id_number=USCC,
            region=iw.nb,
            actor=iw.head,
        )
    assert exc.value.code == "inspection_outside_territory"
    assert "不在本机构的管辖区域内" in exc.value.message
    assert JournalEntry.objects.count() == before and not Target.objects.exists()


def test_matter_outside_the_agencys_powers_is_refused(iw):
    with pytest.raises(DomainError) as exc:
        services.create_matter(
            iw.world.ningbo,
            name="港口检查",
            sector="port",
            basis="《港口法》",
            items=["x"],
            actor=None,
        )
    assert exc.value.code == "inspection_outside_matters"


def test_only_the_agency_head_plans(iw):
    with pytest.raises(PermissionDenied):
        services.create_matter(
            iw.world.hangzhou,
            name="x",
            sector="road_transport",
            basis="x",
            items=["x"],
            actor=iw.officers[0].user,
        )


def _province_inspection(iw):
    target = services.add_target(
        iw.world.zhejiang,
        kind="organisation",
        name="杭州某运输有限公司",
        id_number=USCC,
        region=iw.hz,
        actor=iw.province_head,
    )
    plan = make_plan(
        iw,
        agency=iw.world.zhejiang,
        head=iw.province_head,
        officers=iw.province_officers,
        targets=[target],
        planned_on=date(2026, 6, 10),
    )
    services.draw_plan(plan, seed="省-1", actor=iw.province_head)
    return plan.inspections.get()


def test_duplicate_across_two_levels_is_caught_and_joined(iw):
    # given the province has drawn the same company (same credit code) for 10 June
    theirs = _province_inspection(iw)
    # when Hangzhou draws it for 1 June (within the 30-day window)
    plan = make_plan(iw)
    services.draw_plan(plan, seed="杭-1", actor=iw.head)
    mine = plan.inspections.get()
    # then the inspection lists the province's, before anyone goes
    assert [o["inspection_id"] for o in mine.overlaps] == [theirs.pk]
    assert mine.overlaps[0]["level"] == "上级"
    # and Hangzhou proposes one joint inspection, which the province accepts
    proposal = services.propose_joint(mine, other_id=theirs.pk, actor=iw.head)
    bench = workbench_for(iw.province_head, date(2026, 6, 1))
    assert any(g.key == "inspection_approvals" for g in bench.groups)
    assert Notification.objects.filter(
        user=iw.province_head, kind="inspection.joint_proposal"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.decide_joint(proposal, accept=True, actor=iw.head)
    services.decide_joint(proposal, accept=True, actor=iw.province_head)
    mine.refresh_from_db()
    assert mine.state == "joined" and mine.joined_into_id == theirs.pk
    assert set(mine.inspectors.all()) <= set(theirs.inspectors.all())
    # the city's inspectors now take part in the province's inspection: they see and record it
    from zhifa.inspections import selectors

    city_officer = mine.inspectors.first().user
    assert selectors.access_inspection(city_officer, theirs.pk) == theirs
    assert any(g.key == "inspections" for g in workbench_for(city_officer, date(2026, 6, 1)).groups)


@override_settings(ZHIFA_INSPECTION_YEARLY_CAP=1)
def test_a_draw_past_the_yearly_cap_is_held_until_a_superior_approves(iw):
    # given the province inspects the company in June (the cap is one a year)
    _province_inspection(iw)
    plan = make_plan(iw, planned_on=date(2026, 11, 1))
    # when Hangzhou draws it too
    services.draw_plan(plan, seed="杭-2", actor=iw.head)
    plan.refresh_from_db()
    held = plan.draws.get()
    # then the draw stands as published (no redraw with another seed) but nothing is sent out
    assert held.state == "held" and plan.state == "awaiting_approval"
    assert held.over_cap == {str(plan.targets.get().pk): 1}
    assert not plan.inspections.exists()
    assert Notification.objects.filter(
        user=iw.province_head, kind="inspection.cap_approval"
    ).exists()
    bench = workbench_for(iw.province_head, date(2026, 6, 1))
    assert any(g.key == "inspection_approvals" for g in bench.groups)
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="杭-3", actor=iw.head)
    assert exc.value.code == "plan_awaiting_approval"
    # the agency's own head may not approve; the superior's does, and the held draw goes out
    with pytest.raises(PermissionDenied):
        services.decide_cap(plan, approve=True, reason="同意", actor=iw.head)
    services.decide_cap(plan, approve=True, reason="专项整治需要，同意", actor=iw.province_head)
    plan.refresh_from_db()
    mine = plan.inspections.get()
    assert plan.state == "drawn" and plan.cap_decided_by == iw.province_head
    assert mine.state == "scheduled" and mine.draw == held
    assert set(mine.inspectors.values_list("pk", flat=True)) == {
        int(k) for k in held.result["assignments"][0]["inspectors"]
    }


@override_settings(ZHIFA_INSPECTION_YEARLY_CAP=1)
def test_a_refused_plan_sends_nobody(iw):
    _province_inspection(iw)
    plan = make_plan(iw, planned_on=date(2026, 11, 1))
    services.draw_plan(plan, seed="杭-2", actor=iw.head)
    services.decide_cap(plan, approve=False, reason="年内已检查", actor=iw.province_head)
    plan.refresh_from_db()
    assert plan.state == "refused" and plan.draws.get().state == "refused"
    assert not plan.inspections.exists()
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="杭-3", actor=iw.head)
    assert exc.value.code == "draw_already_made"


@override_settings(ZHIFA_INSPECTION_YEARLY_CAP=2)
def test_a_frequency_past_the_cap_waits_for_approval_before_any_draw(iw):
    # three times a year against a cap of two: every drawn target would pass it
    plan = make_plan(iw, frequency=3)
    assert plan.state == "awaiting_approval"
    assert Notification.objects.filter(
        user=iw.province_head, kind="inspection.cap_approval"
    ).exists()
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="a", actor=iw.head)
    assert exc.value.code == "plan_awaiting_approval" and not plan.draws.exists()
    services.decide_cap(plan, approve=True, reason="重点监管对象", actor=iw.province_head)
    plan.refresh_from_db()
    assert plan.state == "open"
    # approved once: the later rounds past the cap are not held again
    for seed in ("a", "b", "c"):
        services.draw_plan(plan, seed=seed, actor=iw.head)
    plan.refresh_from_db()
    assert plan.state == "drawn" and plan.inspections.count() == 3
    assert [d.state for d in plan.draws.all()] == ["made", "made", "made"]


def test_frequency_two_draws_twice_each_from_its_own_seed(iw):
    targets = three_targets(iw)
    plan = make_plan(iw, targets=targets, count=1, frequency=2, planned_on=date(2026, 3, 2))
    services.draw_plan(plan, seed="上半年", actor=iw.head)
    plan.refresh_from_db()
    assert plan.state == "open"  # one round still to draw
    # the same seed again would give the same draw: refused, nothing changed
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="上半年", actor=iw.head)
    assert exc.value.code == "draw_seed_reused" and plan.draws.count() == 1
    # a round before the previous one: refused
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="下半年", planned_on=date(2026, 1, 5), actor=iw.head)
    assert exc.value.code == "inspection_plan_date"
    services.draw_plan(plan, seed="下半年", actor=iw.head)
    plan.refresh_from_db()
    first, second = plan.draws.all()
    assert plan.state == "drawn" and (first.round, second.round) == (1, 2)
    # the second round is spread into the rest of the year, and each redoes from its own seed
    assert first.planned_on == date(2026, 3, 2) and date(2026, 7, 1) < second.planned_on
    assert second.planned_on.year == 2026
    for d in (first, second):
        again = core_draw.draw(
            d.seed,
            targets=[t["key"] for t in d.published["targets"]],
            inspectors=[o["key"] for o in d.published["inspectors"]],
            target_count=1,
            excluded={k: dict.fromkeys(v, "") for k, v in d.published["excluded"].items()},
        )
        assert d.result["assignments"] == again.as_dict()["assignments"]
        assert [i.planned_on for i in d.inspections.all()] == [d.planned_on]
    with pytest.raises(DomainError) as exc:
        services.draw_plan(plan, seed="第三轮", actor=iw.head)
    assert exc.value.code == "draw_already_made"


@pytest.mark.parametrize("frequency", [0, 13])
def test_frequency_out_of_range_is_refused(iw, frequency):
    with pytest.raises(DomainError) as exc:
        make_plan(iw, frequency=frequency)
    assert exc.value.code == "inspection_plan_frequency" and not Plan.objects.exists()


def test_record_and_finding_becomes_a_lead(iw):
    plan = make_plan(iw)
    services.draw_plan(plan, seed="r", actor=iw.head)
    inspection = plan.inspections.get()
    two = list(inspection.inspectors.all())
    # one officer alone, or an item outside the matter: refused, nothing changed
    for kw, code in [
        (dict(inspectors=two[:1], items_checked=["经营资质"]), "inspection_two_officers"),
        (dict(inspectors=two, items_checked=["财务账簿"]), "inspection_item_outside_matter"),
        (
            dict(inspectors=two, items_checked=["经营资质"], certificates_shown=False),
            "inspection_certificates_not_shown",
        ),
    ]:
        kw.setdefault("certificates_shown", True)
        with pytest.raises(DomainError) as exc:
            services.record_inspection(
                inspection,
                actor=two[0].user,
                inspected_on=date(2026, 6, 1),
                scope="经营场所",
                today=date(2026, 6, 2),
                **kw,
            )
        assert exc.value.code == code
    inspection.refresh_from_db()
    assert inspection.state == "scheduled"
    services.record_inspection(
        inspection,
        actor=two[0].user,
        inspected_on=date(2026, 6, 1),
        certificates_shown=True,
        inspectors=two,
        scope="经营场所及车辆",
        items_checked=["经营资质", "车辆技术档案"],
        findings=["3辆营运车辆未按期进行综合性能检测"],
        summary="发现问题1项",
        photos=[SimpleUploadedFile("现场.jpg", JPEG, content_type="image/jpeg")],
        today=date(2026, 6, 2),
    )
    inspection.refresh_from_db()
    assert inspection.state == "done" and inspection.outcome == "problem"
    assert inspection.photos.count() == 1
    finding = inspection.findings.get()
    # when the finding is turned into a lead in one step
    case = services.finding_to_lead(finding, actor=two[0].user)
    assert case.state == "lead" and case.lead.source == "inspection"
    assert case.party.id_number == USCC and "综合性能检测" in case.lead.facts
    with pytest.raises(DomainError) as exc:
        services.finding_to_lead(finding, actor=two[0].user)
    assert exc.value.code == "finding_already_lead"
