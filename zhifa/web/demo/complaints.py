"""The demo's 12328 side: the demo provinces' clocks (clearly labelled demo values — the real ones
come from each province's own 12328 rules) and a few work orders in different states, made through
the complaints services, so the public form, the work-order pages and the hot spots show something
under `make run`. Deterministic and idempotent: a second run finds the orders and adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

DEMO_BASIS = "演示值（实际时限以本省12328热线管理办法为准）"
# (category, clock) → (amount, unit): one set for every demo province
CLOCKS = {
    "transfer": (1, "working_days"),
    "accept": (1, "working_days"),
    "close": (15, "working_days"),
    "visit": (3, "working_days"),
}
PROVINCES = ("浙江省", "四川省")
TAG = "DEMO-"  # external ids of the demo's orders: how a second run finds them

# (days ago, text, steps to take: the last state the order reaches)
ORDERS = [
    (70, "出租车司机在火车东站拒载，说去的地方太近不愿意去。", "archive"),
    (40, "出租车司机拒载乘客，晚上在武林广场打不到车。", "visit"),
    (12, "出租车司机在火车东站拒载，还挑客，要求加价。", "reply"),
    (9, "在火车东站打出租车，司机拒载，态度很差。", "handle"),
    (6, "出租车拒载乘客，司机说要交班不拉。", "transfer"),
    (8, "大货车超载超限，天天经过村口，路面被压坏。", "accept"),
    (5, "超载货车夜间通行，路面被压坏，存在安全隐患。", ""),
    (3, "建议在城东增加公交线路和夜间班次。", "answer"),
]


def _at(today, days_ago: int) -> datetime:
    moment = datetime.combine(today - timedelta(days=days_ago), time(10, 0))
    return timezone.make_aware(moment)


def set_demo_clocks() -> None:
    from zhifa.complaints.models import ProvinceTimeLimit
    from zhifa.complaints.services import set_time_limit
    from zhifa.core.complaint_flow import CATEGORIES
    from zhifa.orgs.choices import AgencyKind
    from zhifa.orgs.models import Agency

    for name in PROVINCES:
        dept = Agency.objects.filter(
            kind=AgencyKind.PROVINCIAL_DEPARTMENT, region__name=name
        ).first()
        if dept is None or ProvinceTimeLimit.objects.filter(province=dept).exists():
            continue
        for category in CATEGORIES:
            for clock, (amount, unit) in CLOCKS.items():
                set_time_limit(
                    province=dept,
                    category=category,
                    clock=clock,
                    amount=amount,
                    unit=unit,
                    basis=DEMO_BASIS,
                    actor=None,
                )


FLOW = ["transfer", "accept", "handle", "reply", "close", "visit", "archive"]


@transaction.atomic
def load_complaints(squads, *, today=None) -> int:
    """The clocks, then the sample orders at the first squad's agency; returns how many were made."""
    from zhifa.complaints import services
    from zhifa.complaints.models import Complaint

    set_demo_clocks()
    if not squads or Complaint.objects.filter(external_id__startswith=TAG).exists():
        return 0
    squad = squads[0]
    today = today or timezone.localdate()
    head = squad.head
    for n, (days_ago, text, last) in enumerate(ORDERS, start=1):
        when = _at(today, days_ago)
        c = services.receive(
            agency=squad.agency,
            channel="hotline_12328" if n % 2 else "web",
            category="suggestion" if last == "answer" else "complaint",
            content=text,
            phone=f"1391000{n:04d}",
            external_id=f"{TAG}{n:03d}",
            place=squad.place.sites[n % len(squad.place.sites)],
            actor=head,
            now=when,
        )
        if last == "answer":
            services.step(c, "answer", actor=head, text="已转交公交集团研究，感谢建议。", now=when)
            continue
        steps = FLOW[: FLOW.index(last) + 1] if last else []
        for i, action in enumerate(steps):
            step_at = when + timedelta(days=i)
            kw = {}
            if action == "transfer":
                kw["target"] = squad.agency
            elif action == "reply":
                kw["text"] = "经调查，已约谈涉事驾驶员并依法处理，加强站点巡查。"
            elif action == "visit":
                kw["rating"] = "satisfied"
            c = services.step(c, action, actor=head, now=step_at, **kw)
    return len(ORDERS)
