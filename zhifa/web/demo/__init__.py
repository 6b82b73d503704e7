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

    found = squads()
    summary = DemoSummary(squads=found)
    existing = _demo_cases(found)
    if count <= 0 or not found or existing.exists():
        summary.total = existing.count()
        return summary
    with transaction.atomic():
        Builder(found, today=today).run(count)
    _run_jobs()
    summary.created = count
    summary.total = existing.count()
    return summary


def _run_jobs() -> None:
    """What the scheduler would have done by now (each job is idempotent)."""
    from zhifa.cases.tasks import mark_overdue_payments
    from zhifa.deadlines.services import sweep
    from zhifa.measures.services import lapse_overdue_preservations

    now = timezone.now()
    lapse_overdue_preservations(now)
    mark_overdue_payments(as_of=timezone.localdate())
    sweep(now=now)


def what_to_try(summary: DemoSummary) -> list[str]:
    """A few lines in Chinese: where the visitor finds work waiting."""
    from zhifa.cases.models import Case

    if not summary.squads:
        return []
    lines = ["", f"演示案件：共 {summary.total} 件，分布在杭州、宁波、成都、绵阳四个地市。"]
    if not summary.total:
        return lines
    lines.append("建议先试：")
    hz = summary.squads[0]
    prefix = hz.place.key
    cases = _demo_cases([hz])
    waiting_head = cases.filter(state__in=["report_submitted", "deliberation"]).count()
    waiting_review = cases.filter(state="legal_review").count()
    leads = cases.filter(state="lead").count()
    overdue = cases.filter(state="overdue").count()
    lines += [
        f"  1. 以 {prefix}_head 登录：{waiting_head} 件调查报告或集体讨论等待负责人审批。",
        f"  2. 以 {prefix}_reviewer 登录：{waiting_review} 件案件等待法制审核。",
        f"  3. 以 {prefix}_officer1 登录：{leads} 条线索待处理，"
        f"{overdue} 件逾期未缴罚款可催告；首页和“期限”页列出即将到期和已逾期的事项。",
        "  4. 以 zj_supervisor 登录：查看浙江省各地市的案件与逾期情况。",
        f"  5. 新建一件超限运输案件：线索 → 立案 → 调查取证 → 裁量建议 → 告知 → 决定（{prefix}_officer1 与 "
        f"{prefix}_officer2 承办，{prefix}_head 审批）。",
    ]
    _ = Case
    return lines
