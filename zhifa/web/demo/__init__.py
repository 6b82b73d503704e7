"""The living demo: sample cases for the demo agencies, and what to tell a visitor afterwards.

`load_cases(count)` makes the cases once (a second call finds them and adds nothing), then runs the
jobs a live system runs on the clock (deadline sweep, lapsed preservations, overdue payments), so
deadlines are flagged due soon or overdue and the people concerned have notifications.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .data import PLACES

__all__ = ["DemoSummary", "load_cases", "squads", "what_to_try"]


@dataclass
class DemoSummary:
    created: int = 0  # cases made by this run (0 when the demo was already there)
    total: int = 0  # demo cases in the database
    squads: list = field(default_factory=list)
    review_line: str | None = None  # the provision review's sample, when there is one


def squads():
    """The demo squads that exist (hz, nb, cd, my): agency, two certified officers, head, reviewer."""
    from zhifa.accounts.models import User
    from zhifa.officers.models import Officer

    from .cases import Squad

    found = []
    for key, place in PLACES.items():
        users = {
            u.username.split("_", 1)[1]: u
            for u in User.objects.filter(
                username__in=[f"{key}_{r}" for r in ("officer1", "officer2", "head", "reviewer")]
            ).select_related("agency")
        }
        if len(users) < 4:
            continue
        officers = [
            Officer.objects.get(user=users["officer1"]),
            Officer.objects.get(user=users["officer2"]),
        ]
        found.append(Squad(place, users["head"].agency, officers, users["head"], users["reviewer"]))
    return found


def _demo_cases(found):
    from zhifa.cases.models import Case

    return Case.objects.filter(
        agency__in=[s.agency for s in found],
        created_by__in=[s.o1 for s in found],
    )


def load_cases(count: int, *, stdout=None, today=None) -> DemoSummary:
    """Make `count` sample cases over the demo squads unless they exist already."""
    from .cases import Builder
    from .inspections import load_inspections

    found = squads()
    summary = DemoSummary(squads=found)
    with transaction.atomic():  # made once: a second run finds the plans and adds nothing
        load_inspections(found, today or timezone.localdate())
    existing = _demo_cases(found)
    if count <= 0 or not found or existing.exists():
        summary.total = existing.count()
        return summary
    from zhifa.documents.receivers import case_files_deferred

    # the archived sample cases get their case file (案卷) when it is first downloaded, not now:
    # rendering a PDF per archived case was about a third of the load's time (issue 8)
    with transaction.atomic(), case_files_deferred():
        Builder(found, today=today).run(count)
        from zhifa.oversight.demo import load as load_oversight

        load_oversight(found)  # a check, an answered and an open rectification (issue 13 item 6)
    _run_jobs()
    summary.review_line = _provision_review()
    summary.created = count
    summary.total = existing.count()
    return summary


def _provision_review() -> str | None:
    # the provision review's sample (its own app, through its services)
    from zhifa.provision_review.demo import load_demo_review

    return load_demo_review()


def _run_jobs() -> None:
    """What the scheduler would have done by now (each job is idempotent)."""
    from zhifa.cases.tasks import mark_overdue_payments
    from zhifa.deadlines.services import sweep
    from zhifa.measures.services import lapse_overdue_preservations

    now = timezone.now()
    lapse_overdue_preservations(now)
    mark_overdue_payments(as_of=timezone.localdate())
    sweep(now=now)


HEAD_WAITS = [  # states in which the next act is the agency head's
    "lead",  # 立案审批
    "report_submitted",  # 调查报告审核、批准
    "hearing_requested",  # 安排听证
    "deliberation",  # 集体讨论
    "deliberation_resolved",  # 作出决定
    "legal_review_passed",  # 作出决定
]


def what_to_try(summary: DemoSummary) -> list[str]:
    """A few lines in Chinese: where the visitor finds work waiting."""
    from zhifa.deadlines.models import Deadline

    if not summary.squads:
        return []
    lines = ["", f"演示案件：共 {summary.total} 件，分布在杭州、宁波、成都、绵阳四个地市。"]
    if not summary.total:
        return lines
    hz = summary.squads[0]
    p = hz.place.key
    cases = _demo_cases([hz])
    head = cases.filter(state__in=HEAD_WAITS).count()
    review = cases.filter(state="legal_review").count()
    open_deadlines = Deadline.objects.filter(agency=hz.agency, state="open")
    overdue = open_deadlines.filter(flag="overdue").count()
    soon = open_deadlines.filter(flag="due_soon").count()
    lines += [
        "建议先试：",
        f"  1. 以 {p}_head 登录：{head} 件案件等待负责人立案、审批调查报告、安排听证或作出决定。",
        f"  2. 以 {p}_reviewer 登录：{review} 件案件等待法制审核。",
        f"  3. 以 {p}_officer1 登录：{hz.agency.name}有 {overdue} 项期限已逾期、"
        f"{soon} 项即将到期，打开“期限”页逐项处理。",
        "  4. 以 zj_supervisor 登录：查看浙江省各地市的案件与逾期情况；待办中有一项整改等待回头看"
        "（/oversight/）；“投诉举报”下有投诉热点与12328工单办理时限。",
        f"  5. 自己办一件超限运输案件：{p}_officer1 登记线索，{p}_head 立案，"
        "录入车货总质量后计算裁量建议，再告知、决定、送达。",
        "  6. 以 zj_supervisor 登录“评议考核”（/evaluation/）：上年度各地市评议考核结果、"
        f"杭州的申诉复核和案卷评查；{p}_head 的待办中有评查发现的问题待整改。",
    ]
    if summary.review_line:
        lines.append(summary.review_line)
    return lines
