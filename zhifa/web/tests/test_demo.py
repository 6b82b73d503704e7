"""`load_demo` builds a living demo through the services: every state of both procedures, evidence,
measures and property, deadlines due soon and overdue, notifications; the journal verifies; and a
second run adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.deadlines.models import Deadline
from zhifa.evidence.models import Evidence
from zhifa.measures.models import CaseProperty, CompulsoryMeasure, EvidencePreservation
from zhifa.notifications.models import Notification
from zhifa.orgs.models import Agency
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify
from zhifa.web.demo.cases import SCENARIOS
from zhifa.workcalendar.selectors import invalidate_calendar_cache

GENERAL = [
    "filed",
    "investigation",
    "report_submitted",
    "report_approved",
    "notified",
    "hearing_requested",
    "legal_review",
    "legal_review_passed",
    "deliberation",
    "deliberation_resolved",
    "decided_penalty",
    "decided_no_penalty",
    "served",
    "awaiting_performance",
    "deferral_or_instalments",
    "overdue",
    "demand_issued",
    "court_enforcement",
    "performed",
    "closed",
    "archived",
    "transferred_to_judiciary",
]
SUMMARY = ["onspot_decided", "awaiting_performance", "performed", "closed", "archived"]


@pytest.fixture
def demo(db, settings, tmp_path):
    """One small demo: one case of each kind (the first of a kind has its deadline due now)."""
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    invalidate_calendar_cache()
    out = io.StringIO()
    call_command("load_demo", cases=len(SCENARIOS), stdout=out)
    yield out.getvalue()
    invalidate_calendar_cache()


def test_load_demo(demo):
    """One run of the demo checked from every side (building it is the slow part)."""
    _every_state_of_both_procedures()
    _evidence_measures_property_deadlines_notifications()
    _parties_carry_valid_identifiers()
    _inspections_drawn_and_a_camera_issued()
    _journal_verifies()
    _complaints_channel_open_with_orders_in_states()
    _output_is_accounts_and_what_to_try(demo)
    _second_run_adds_nothing()


def _every_state_of_both_procedures():
    # given the demo, then leads, declined leads and every general and summary state exist
    reached = set(Case.objects.values_list("procedure", "state"))
    assert ("", "lead") in reached
    assert ("", "not_filed") in reached
    missing = [("general", s) for s in GENERAL if ("general", s) not in reached]
    missing += [("summary", s) for s in SUMMARY if ("summary", s) not in reached]
    assert not missing, missing
    # four prefectures in two provinces
    names = set(Case.objects.values_list("agency__name", flat=True))
    assert {n[:2] for n in names} == {"杭州", "宁波", "成都", "绵阳"}


def _evidence_measures_property_deadlines_notifications():
    assert Evidence.objects.filter(file__content_type="image/png").exists()
    assert Evidence.objects.filter(file__content_type="video/mp4", act="on_site_seizure").exists()
    assert CompulsoryMeasure.objects.filter(state="released").exists()
    assert EvidencePreservation.objects.exists()
    assert CaseProperty.objects.filter(handed_over_at__isnull=False).exists()
    assert CaseProperty.objects.filter(custody="disposed").exists()
    assert Deadline.objects.filter(state="open", flag="overdue").exists()
    assert Deadline.objects.filter(state="open", flag="due_soon").exists()
    assert Notification.objects.exists()


def _parties_carry_valid_identifiers():
    from zhifa.cases.models import Party
    from zhifa.core.identifiers import validate_plate, validate_resident_id, validate_uscc

    parties = list(Party.objects.all())
    assert {p.kind for p in parties} == {"person", "organisation"}
    for p in parties:
        if p.kind == "person":
            check = validate_resident_id(p.id_number, as_of=timezone.localdate())
        else:
            check = validate_uscc(p.id_number)
        assert check.ok, (p.name, p.id_number, check.reason)
        if p.plate:
            assert validate_plate(p.plate).ok, p.plate


def _inspections_drawn_and_a_camera_issued():
    from zhifa.equipment.models import DeviceIssue
    from zhifa.inspections.models import Plan

    # issue 14 items 4–5: a plan with its draw per demo prefecture, a body camera with officer1
    plans = Plan.objects.filter(state="drawn").select_related("agency")
    assert {p.agency.name[:2] for p in plans} == {"杭州", "宁波", "成都", "绵阳"}
    assert all(p.inspections.count() == 2 and p.draws.get().seed.startswith("演示-") for p in plans)
    assert DeviceIssue.objects.filter(returned_on__isnull=True).count() == 4


def _journal_verifies():
    result = verify()
    assert result.entries > 0 and result.broken is None, result.broken


def _output_is_accounts_and_what_to_try(demo):
    assert "hz_head" in demo and "my_officer1" in demo and "Zhifa@Demo2026" in demo
    assert "建议先试" in demo
    # nothing internal: no data ids of the law catalogue, no Python values, no traceback
    for word in ("bm-", "None", "Traceback", "ovl-", "失效："):
        assert word not in demo, word


def _complaints_channel_open_with_orders_in_states():
    # the demo provinces' 12328 clocks are set (the public form works) and orders are in the flow
    from zhifa.complaints.models import Complaint
    from zhifa.complaints.services import open_categories

    for name in ("浙江省", "四川省"):
        dept = Agency.objects.get(kind="provincial_department", region__name=name)
        assert open_categories(dept) == ["enquiry", "complaint", "suggestion", "praise"]
    states = set(Complaint.objects.values_list("state", flat=True))
    assert {"received", "transferred", "in_progress", "replied", "archived", "answered"} <= states


def _second_run_adds_nothing():
    before = (Case.objects.count(), Notification.objects.count(), Evidence.objects.count())
    last = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first()
    call_command("load_demo", cases=len(SCENARIOS), stdout=io.StringIO())
    after = (Case.objects.count(), Notification.objects.count(), Evidence.objects.count())
    assert after == before
    # the reference-data loaders record that they checked (and found nothing to change)
    added = set(JournalEntry.objects.filter(id__gt=last).values_list("event_type", flat=True))
    assert added <= {"agency.tree_loaded", "law.data_loaded"}, added
