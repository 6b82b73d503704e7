"""Demo 评议考核 and 案卷评查: a scheme for each demo province (浙江, 四川), last year's annual round of
浙江's prefectures scored by zj_supervisor with one appeal decided, and a case-file review of
浙江's archived sample cases with one finding waiting on hz_head. Made once, through the services,
from a fixed seed; a second run finds the schemes and adds nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

DEMO_SEED = "demo-浙江-案卷评查"
ITEMS = [
    {
        "code": "penalty",
        "label": "行政处罚执法情况（T3第七条标准）",
        "kind": "standard",
        "weight": 40,
    },
    {"code": "coercion", "label": "行政强制执法情况", "kind": "standard", "weight": 15},
    {
        "code": "remedies",
        "label": "复议、诉讼、赔偿和投诉办理（T3第九条）",
        "kind": "standard",
        "weight": 10,
    },
    {
        "code": "supervision",
        "label": "执法监督和责任追究（T3第十条）",
        "kind": "standard",
        "weight": 5,
    },
    {
        "code": "overdue",
        "label": "办案期限遵守",
        "kind": "automatic",
        "weight": 10,
        "feed": "overdue_rate",
        "full_at": 0,
        "zero_at": "0.2",
    },
    {
        "code": "review",
        "label": "法制审核覆盖",
        "kind": "automatic",
        "weight": 10,
        "feed": "legal_review_coverage",
        "full_at": 1,
        "zero_at": "0.5",
    },
    {
        "code": "files",
        "label": "案卷评查",
        "kind": "automatic",
        "weight": 10,
        "feed": "case_review_score",
        "full_at": 95,
        "zero_at": 60,
    },
    {"code": "model", "label": "经验做法被上级推广", "kind": "bonus", "weight": 3},
]
# deductions on the standard items per prefecture position (deterministic, varied bands)
MARKS = [
    {"penalty": {"deduction": 4, "note": "个别案件告知书送达记录不全"}},
    {
        "penalty": {"deduction": 12, "note": "三起案件裁量理由说明不充分"},
        "coercion": {"deduction": 3},
    },
    {},
    {"penalty": {"deduction": 20, "note": "多起案件证据不足"}, "remedies": {"deduction": 6}},
]


def load_evaluation(today: date | None = None) -> int:
    """Make the demo's evaluation data once; returns the number of rounds and reviews made."""
    from zhifa.accounts.models import User
    from zhifa.evaluation import services
    from zhifa.evaluation.models import Scheme

    today = today or timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["zj_supervisor", "sc_supervisor", "hz_head"])
    }
    if len(users) < 3 or Scheme.objects.filter(created_by__in=users.values()).exists():
        return 0
    zj, hz_head = users["zj_supervisor"], users["hz_head"]
    with transaction.atomic():
        scheme = None
        for key in ("zj_supervisor", "sc_supervisor"):
            made = services.save_scheme(
                actor=users[key],
                name=f"{users[key].agency.name}执法评议考核方案",
                year=today.year,
                items=ITEMS,
            )
            scheme = scheme or made
        last = today.year - 1
        rnd = services.open_round(
            actor=zj,
            scheme=scheme,
            kind="annual",
            target="unit",
            title=f"{last}年度执法评议考核",
            period_start=date(last, 1, 1),
            period_end=date(last, 12, 31),
        )
        for n, e in enumerate(rnd.evaluations.order_by("agency__path")):
            services.score_evaluation(
                e, actor=zj, marks=MARKS[n % len(MARKS)], bonus={"model": 2} if n == 2 else {}
            )
        hz = rnd.evaluations.filter(agency=hz_head.agency).first()
        if hz is not None:
            services.appeal(hz, actor=hz_head, reason="扣分所涉案件已依法补正，附整改材料。")
            services.decide_appeal(
                hz, actor=zj, decision="upheld", note="经复核，扣分事实清楚，维持原结果。"
            )
        review = _review(zj, today)
    return 1 + (review is not None)


def _review(zj, today: date):
    from zhifa.core.errors import DomainError
    from zhifa.evaluation import services

    try:
        review = services.open_review(
            actor=zj,
            scope=zj.agency,
            reviewer=zj,
            title=f"{today.year}年案卷评查（演示）",
            period_start=date(today.year - 1, 1, 1),
            period_end=today,
            size=6,
            seed=DEMO_SEED,
        )
    except DomainError:  # no archived sample cases (load_demo --cases 0)
        return None
    first, *rest = list(review.cases.order_by("case_id"))[:3] or [None]
    if first is not None:
        services.score_case_file(
            first,
            actor=zj,
            findings=[{"code": "documents", "deduction": "3", "note": "送达回证未载明送达方式"}],
        )
    for r in rest:
        services.score_case_file(r, actor=zj, findings=[])
    return review
