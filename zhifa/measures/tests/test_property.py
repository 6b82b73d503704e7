"""The case-property ledger (涉案财物): numbering, hand-over within 24 hours with its exceptions,
disposal only with approval, and an item's complete history from the journal."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from zhifa.core.errors import DomainError
from zhifa.deadlines.models import Deadline
from zhifa.measures import selectors, services
from zhifa.measures.choices import Custody
from zhifa.measures.models import CaseProperty, PropertyDisposal

from .conftest import at, make_case

pytestmark = pytest.mark.django_db

FISH = [{"description": "活鲜水产（鲈鱼）", "quantity": "200", "unit": "千克", "perishable": True}]
TRUCK = [{"description": "货车 浙A88888", "quantity": "1", "unit": "辆"}]


def registered(case, people, items=TRUCK, when="2026-09-29 10:00"):
    return services.register_property(case, actor=people.o1.user, items=items, taken_at=at(when))


def handover_deadline(item):
    return Deadline.objects.get(
        subject_type="measures.caseproperty",
        subject_id=str(item.pk),
        code="A6_property_handover",
        state__in=["open", "met"],
    )


def test_items_are_numbered_per_agency_and_year(world, people):
    # given two cases of the same agency
    first, second = make_case(people), make_case(people)
    # when items are registered in each
    a = registered(first, people)[0]
    b, c = registered(second, people, items=TRUCK + FISH)
    # then the numbers run on across cases
    assert [a.seq, b.seq, c.seq] == [1, 2, 3]
    assert a.number == "浙杭交执财〔2026〕000001号"


def test_handover_within_24_hours(case, people):
    item = registered(case, people)[0]
    assert item.handover_due_at == at("2026-09-30 10:00")
    item = services.hand_over_property(
        item,
        actor=people.o1.user,
        custodian=people.custodian,
        location="涉案财物库A区",
        at=at("2026-09-30 09:00"),
    )
    assert item.custody == Custody.WITH_CUSTODIAN and item.custodian == people.custodian
    assert handover_deadline(item).state == "met"
    history = selectors.property_history(people.o1.user, item.pk)
    handed = next(h for h in history if h.event_type == "property.handed_over")
    assert handed.payload["late"] is False


def test_a_late_handover_is_recorded_as_late(case, people):
    item = registered(case, people)[0]
    item = services.hand_over_property(
        item,
        actor=people.o1.user,
        custodian=people.custodian,
        location="库房",
        at=at("2026-09-30 10:01"),
    )
    history = selectors.property_history(people.o1.user, item.pk)
    assert [h.payload["late"] for h in history if h.event_type == "property.handed_over"] == [True]


@pytest.mark.parametrize("who", ["o1", "o2"])
def test_the_custodian_is_not_a_handler_of_the_case(case, people, who):
    item = registered(case, people)[0]
    with pytest.raises(DomainError) as err:
        services.hand_over_property(
            item,
            actor=people.o1.user,
            custodian=getattr(people, who).user,
            location="库房",
            at=at("2026-09-29 12:00"),
        )
    assert err.value.code == "custodian_is_handler"


def test_remote_area_exception_runs_from_the_return_to_the_unit(case, people):
    # TEPP Art. 127: remote or poorly connected area
    item = registered(case, people, when="2026-09-29 10:00")[0]
    item = services.record_handover_exception(
        item,
        actor=people.o1.user,
        exception="remote",
        reason="山区路段无法当日返回",
        returned_at=at("2026-09-30 18:00"),
        at=at("2026-09-30 18:05"),
    )
    assert item.handover_due_at == at("2026-10-01 18:00")
    assert handover_deadline(item).due_at == at("2026-10-01 18:00")
    assert Deadline.objects.filter(subject_id=str(item.pk), state="cancelled").count() == 1


def test_urgent_appraisal_exception_needs_the_heads_approval(case, people):
    item = registered(case, people, items=FISH)[0]
    with pytest.raises(DomainError) as err:
        services.record_handover_exception(
            item,
            actor=people.o1.user,
            exception="urgent_appraisal",
            reason="需24小时内检疫",
            at=at("2026-09-29 11:00"),
        )
    assert err.value.code == "agency_head_required"
    item = services.record_handover_exception(
        item,
        actor=people.head,
        exception="urgent_appraisal",
        reason="需24小时内检疫",
        at=at("2026-09-29 11:00"),
    )
    assert item.custody == Custody.AT_APPRAISAL and item.handover_due_at is None
    # when the appraisal ends, the 24 hours start
    item = services.finish_appraisal(
        item, actor=people.o2.user, result="检疫合格", at=at("2026-09-29 20:00")
    )
    assert item.custody == Custody.HELD_BY_OFFICER
    assert item.handover_due_at == at("2026-09-30 20:00")


def test_disposal_without_approval_is_refused(case, people):
    # given a perishable item and a proposal to sell it
    item = registered(case, people, items=FISH)[0]
    disposal = services.request_disposal(
        item,
        actor=people.o1.user,
        kind="auction",
        reason="鲜活水产不宜保管",
        at=at("2026-09-29 11:00"),
    )
    # when the officers try to carry it out before the head approves
    with pytest.raises(DomainError) as err:
        services.carry_out_disposal(
            disposal, actor=people.o1.user, proceeds="3000", at=at("2026-09-29 12:00")
        )
    # then it is refused and the item is untouched
    assert err.value.code == "disposal_not_approved"
    item.refresh_from_db()
    assert item.custody == Custody.HELD_BY_OFFICER
    # and a refused proposal cannot be carried out either
    services.decide_disposal(disposal, actor=people.head, approve=False, note="先鉴定")
    with pytest.raises(DomainError) as err:
        services.carry_out_disposal(disposal, actor=people.o1.user, proceeds="3000")
    assert err.value.code == "disposal_not_approved"


def test_officers_do_not_approve_disposals(case, people):
    item = registered(case, people, items=FISH)[0]
    disposal = services.request_disposal(item, actor=people.o1.user, kind="auction", reason="易腐")
    with pytest.raises(DomainError) as err:
        services.decide_disposal(disposal, actor=people.o2.user, approve=True)
    assert err.value.code == "agency_head_required"


def test_auction_of_perishables_with_approval_and_photos_keeps_the_proceeds(case, people):
    item = registered(case, people, items=FISH)[0]
    disposal = services.request_disposal(
        item,
        actor=people.o1.user,
        kind="auction",
        reason="鲜活水产不宜保管",
        at=at("2026-09-29 11:00"),
    )
    services.decide_disposal(disposal, actor=people.head, approve=True, at=at("2026-09-29 11:30"))
    # a sale needs photos or video first (T1 Arts. 124–129)
    with pytest.raises(DomainError) as err:
        services.carry_out_disposal(
            disposal,
            actor=people.o1.user,
            proceeds="3000",
            reference="变卖凭证001",
            at=at("2026-09-29 12:00"),
        )
    assert err.value.code == "recording_required"
    from zhifa.evidence.services import upload_evidence

    photo = io.BytesIO(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    photo.name = "fish.jpg"
    upload_evidence(
        case,
        actor=people.o1.user,
        file=photo,
        kind="audio_visual",
        collected_by=people.o1,
        collected_at=at("2026-09-29 11:40"),
        place="收费站",
        method="recording",
        act="perishable_sale",
        act_ref=item,
        declared_type="image/jpeg",
    )
    services.carry_out_disposal(
        disposal,
        actor=people.o1.user,
        proceeds="3000",
        reference="变卖凭证001",
        at=at("2026-09-29 12:00"),
    )
    item.refresh_from_db()
    assert item.custody == Custody.DISPOSED and item.disposal == "auction"
    proceeds = item.derived.get()
    assert proceeds.quantity == Decimal("3000.000") and proceeds.unit == "元"
    assert proceeds.source == "proceeds" and proceeds.custody == Custody.HELD_BY_OFFICER
    # the goods need no hand-over any more; the money does
    assert Deadline.objects.get(subject_id=str(item.pk), code="A6_property_handover").state == (
        "cancelled"
    )
    assert handover_deadline(proceeds).state == "open"


def test_durable_goods_cannot_be_sold_before_a_decision(case, people):
    item = registered(case, people)[0]
    with pytest.raises(DomainError) as err:
        services.request_disposal(item, actor=people.o1.user, kind="auction", reason="变现")
    assert err.value.code == "auction_not_allowed"


def test_confiscation_needs_a_penalty_decision(case, people):
    item = registered(case, people)[0]
    with pytest.raises(DomainError) as err:
        services.request_disposal(item, actor=people.o1.user, kind="confiscate", reason="没收")
    assert err.value.code == "penalty_decision_required"


def test_unclaimed_goods_go_to_the_treasury_after_a_public_notice(case, people):
    item = registered(case, people)[0]
    item = services.hand_over_property(
        item,
        actor=people.o1.user,
        custodian=people.custodian,
        location="库房",
        at=at("2026-09-29 12:00"),
    )
    with pytest.raises(DomainError) as err:
        services.request_disposal(item, actor=people.o1.user, kind="treasury", reason="无人认领")
    assert err.value.code == "treasury_not_allowed"
    services.record_unclaimed_notice(
        item, actor=people.o1.user, published_on=date(2026, 10, 10), reason="公告认领"
    )
    disposal = services.request_disposal(
        item, actor=people.o1.user, kind="treasury", reason="无人认领"
    )
    services.decide_disposal(disposal, actor=people.head, approve=True)
    services.carry_out_disposal(disposal, actor=people.custodian, reference="国库收据2026-1")
    item.refresh_from_db()
    assert item.custody == Custody.DISPOSED and item.disposal == "treasury"


def test_return_after_release_is_approved_by_the_release(case, people):
    item = registered(case, people)[0]
    disposal = services.request_disposal(item, actor=people.o1.user, kind="return", reason="不需要")
    services.decide_disposal(disposal, actor=people.head, approve=True)
    with pytest.raises(DomainError) as err:
        services.carry_out_disposal(disposal, actor=people.o1.user)
    assert err.value.code == "recipient_required"
    services.carry_out_disposal(disposal, actor=people.o1.user, recipient="某运输有限公司 王某")
    item.refresh_from_db()
    assert item.custody == Custody.DISPOSED and item.disposal == "return"


def test_one_open_disposal_per_item(case, people):
    item = registered(case, people, items=FISH)[0]
    services.request_disposal(item, actor=people.o1.user, kind="auction", reason="易腐")
    with pytest.raises(DomainError) as err:
        services.request_disposal(item, actor=people.o1.user, kind="return", reason="退还")
    assert err.value.code == "disposal_already_open"


def test_the_ledger_never_loses_an_item(case, people):
    item = registered(case, people)[0]
    # no delete through the ORM
    with pytest.raises(DomainError) as err:
        item.delete()
    assert err.value.code == "ledger_is_permanent"
    with pytest.raises(DomainError):
        CaseProperty.objects.filter(pk=item.pk).delete()
    with pytest.raises(DomainError):
        PropertyDisposal.objects.all().delete()
    # the database refuses an unknown custody state
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseProperty.objects.filter(pk=item.pk).update(custody="lost")
    # and a disposed item must say how
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseProperty.objects.filter(pk=item.pk).update(custody="disposed")
    assert CaseProperty.objects.filter(pk=item.pk).exists()


def test_item_history_is_complete(case, people):
    # given an item that goes through every custody move
    item = registered(case, people, items=FISH)[0]
    services.send_for_appraisal(
        item, actor=people.o1.user, body="检疫站", at=at("2026-09-29 11:00")
    )
    services.finish_appraisal(item, actor=people.o1.user, result="合格", at=at("2026-09-29 15:00"))
    services.hand_over_property(
        item,
        actor=people.o2.user,
        custodian=people.custodian,
        location="冷库1号",
        at=at("2026-09-29 16:00"),
    )
    services.relocate_property(
        item,
        actor=people.custodian,
        location="冷库2号",
        reason="1号冷库检修",
        at=at("2026-09-29 17:00"),
    )
    disposal = services.request_disposal(
        item,
        actor=people.o1.user,
        kind="return",
        reason="检疫合格，不再需要",
        at=at("2026-09-29 18:00"),
    )
    services.decide_disposal(disposal, actor=people.head, approve=True, at=at("2026-09-29 18:30"))
    services.carry_out_disposal(
        disposal, actor=people.custodian, recipient="某运输有限公司", at=at("2026-09-29 19:00")
    )
    # when the history is read
    history = selectors.property_history(people.o1.user, item.pk)
    # then every state change is there, in order, with the hand-over deadline's own entries
    events = [h.event_type for h in history]
    assert events == [
        "property.registered",
        "deadline.opened",
        "property.sent_for_appraisal",
        "property.appraisal_finished",
        "property.handed_over",
        "deadline.closed",
        "property.relocated",
        "property.disposal_requested",
        "property.disposal_approved",
        "property.disposed",
    ]
    custody = [h.payload.get("custody") for h in history if h.event_type.startswith("property.")]
    assert custody == [
        "held_by_officer",
        "at_appraisal",
        "held_by_officer",
        "with_custodian",
        "with_custodian",
        "with_custodian",
        "with_custodian",
        "disposed",
    ]


def test_history_is_scoped(case, people):
    item = registered(case, people)[0]
    with pytest.raises(DomainError) as err:
        selectors.property_history(people.other_head, item.pk)
    assert err.value.code == "property_not_found"
    assert selectors.property_history(people.head, item.pk)


def test_property_goes_with_a_crime_transfer(case, people):
    # ACL Art. 21: seized property is transferred with the case, the party told in writing
    items = registered(case, people, items=TRUCK + FISH)
    services.request_disposal(items[1], actor=people.o1.user, kind="auction", reason="易腐")
    disposals = services.transfer_case_property(case, actor=people.head)
    assert [d.kind for d in disposals] == ["transfer", "transfer"]
    assert items[1].disposals.filter(state="refused").count() == 1
    services.carry_out_disposal(disposals[0], actor=people.o1.user, recipient="杭州市公安局")
    items[0].refresh_from_db()
    assert items[0].custody == Custody.DISPOSED and items[0].disposal == "transfer"
