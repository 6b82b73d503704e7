"""Notifications at every hand-off: when a step or a request puts work on another person, tell them
(in-app; e-mail where configured, sent by the notifications app once the act has committed).

The rows are written in the transaction of the act (the signals are sent inside it), so a notice
exists exactly when the act does. The person who acted is never told about their own act. Deadline
warnings (due soon, overdue) come from the deadlines sweep and extension requests from the
deadlines app; they are not repeated here.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.cases.models import CaseOfficer
from zhifa.cases.signals import approval_requested, step_fired
from zhifa.notifications.services import notify

from . import kinds

HEADS, REVIEWERS, OFFICERS, CHAIR = "heads", "reviewers", "officers", "chair"

# transition code → [(who, kind, title, where)], `where`: "case" (the case page's actions),
# or a transition code whose form is the place to act.
STEP_HANDOFFS: dict[str, list[tuple[str, str, str, str]]] = {
    "file_case": [(OFFICERS, kinds.CASE_FILED, "已立案，请开始调查取证", "start_investigation")],
    "decline_filing": [(OFFICERS, kinds.CASE_NOT_FILED, "线索不予立案", "case")],
    "submit_report": [(HEADS, kinds.REPORT_SUBMITTED, "案件调查报告待审批", "case")],
    "return_report": [(OFFICERS, kinds.RETURNED, "调查报告被退回补充调查", "case")],
    "approve_report": [
        (OFFICERS, kinds.REPORT_APPROVED, "调查报告已批准，请送达违法行为通知书", "case")
    ],
    "request_hearing": [(HEADS, kinds.HEARING_REQUESTED, "当事人要求听证，请指定主持人", "case")],
    "schedule_hearing": [
        (CHAIR, kinds.HEARING_SCHEDULED, "您被指定为听证主持人", "case"),
        (OFFICERS, kinds.HEARING_SCHEDULED, "听证已安排", "case"),
    ],
    "submit_legal_review": [(REVIEWERS, kinds.REVIEW_REQUESTED, "案件待法制审核", "case")],
    "pass_legal_review": [
        (OFFICERS, kinds.REVIEW_DONE, "法制审核已通过", "case"),
        (HEADS, kinds.DECISION_NEEDED, "法制审核已通过，待作出处罚决定", "case"),
    ],
    "return_review_for_investigation": [
        (OFFICERS, kinds.RETURNED, "法制审核未通过，退回补充调查", "case")
    ],
    "return_review_for_report": [
        (OFFICERS, kinds.RETURNED, "法制审核未通过，退回修改调查报告", "case")
    ],
    "refer_to_deliberation": [(HEADS, kinds.DELIBERATION_NEEDED, "案件待集体讨论", "case")],
    "resolve_deliberation": [(OFFICERS, kinds.DELIBERATION_DONE, "集体讨论已作出决定", "case")],
    "reopen_investigation": [(OFFICERS, kinds.RETURNED, "集体讨论决定补充调查", "case")],
    "decide_penalty": [(OFFICERS, kinds.DECIDED, "处罚决定已作出，请送达决定书", "serve_decision")],
    "decide_no_penalty": [
        (OFFICERS, kinds.DECIDED, "不予处罚决定已作出，请送达决定书", "serve_decision")
    ],
    "mark_overdue": [
        (HEADS, kinds.PAYMENT_OVERDUE, "当事人逾期未缴纳罚款，待催告", "issue_demand")
    ],
}

# approval_requested kind → (title, where)
APPROVALS = {
    "filing": (kinds.APPROVAL_FILING, "新线索待立案审批"),
    "recusal": (kinds.APPROVAL_RECUSAL, "回避申请待决定"),
    "payment_plan": (kinds.APPROVAL_PLAN, "暂缓或分期缴纳申请待审批"),
    "preservation": (kinds.APPROVAL_MEASURE, "先行登记保存待审批"),
    "measure": (kinds.APPROVAL_MEASURE, "行政强制措施待审批"),
    "disposal": (kinds.APPROVAL_DISPOSAL, "涉案财物处置待审批"),
}


def heads_of(agency_id: int):
    return User.objects.filter(agency_id=agency_id, is_agency_head=True, is_active=True)


def reviewers_of(agency_id: int):
    return User.objects.filter(agency_id=agency_id, is_legal_reviewer=True, is_active=True)


def officers_of(case) -> list:
    rows = CaseOfficer.objects.filter(case=case, recused=False).select_related("officer__user")
    return [r.officer.user for r in rows]


def chair_of(case) -> list:
    hearing = case.hearings.filter(current=True).select_related("chair").first()
    return [hearing.chair] if hearing is not None and hearing.chair_id else []


def _people(who: str, case) -> list:
    if who == HEADS:
        return list(heads_of(case.agency_id))
    if who == REVIEWERS:
        return list(reviewers_of(case.agency_id))
    if who == CHAIR:
        return chair_of(case)
    return officers_of(case)


def _case_name(case) -> str:
    number = case.case_number or "线索（未立案）"
    return f"{number} · {case.party.name}" if case.party_id else number


def _tell(people, actor, *, kind, title, case, link, subject=None):
    others = [p for p in people if actor is None or p.pk != actor.pk]
    who = getattr(actor, "full_name", "") or "系统"
    body = f"{_case_name(case)}。办理人：{who}。"
    return notify(others, kind=kind, title=title, body=body, link=link, subject=subject or case)


@receiver(step_fired, dispatch_uid="workbench.step_fired")
def on_step(sender, case, step, actor, **kwargs):
    for who, kind, title, where in STEP_HANDOFFS.get(step.code, ()):
        if where == "case":
            link = reverse("cases:detail", args=[case.pk]) + "#actions"
        else:
            link = reverse("cases:action", args=[case.pk, where])
        _tell(_people(who, case), actor, kind=kind, title=title, case=case, link=link)


def approval_link(kind: str, case, obj) -> str:
    if kind == "filing":
        return reverse("cases:action", args=[case.pk, "file_case"])
    if kind == "recusal":
        return reverse("cases:detail", args=[case.pk]) + f"#recusal-{obj.pk}"
    if kind == "payment_plan":
        return reverse("cases:action", args=[case.pk, "approve_deferral"])
    if kind == "preservation":
        return reverse("measures:case", args=[case.pk]) + f"#preservation-{obj.pk}"
    if kind == "measure":
        return reverse("measures:case", args=[case.pk]) + f"#measure-{obj.pk}"
    if kind == "disposal":
        return reverse("measures:property", args=[obj.item_id])
    return reverse("cases:detail", args=[case.pk])


@receiver(approval_requested, dispatch_uid="workbench.approval_requested")
def on_approval_requested(sender, case, obj, kind, actor, **kwargs):
    if kind not in APPROVALS:
        return
    note_kind, title = APPROVALS[kind]
    _tell(
        heads_of(case.agency_id),
        actor,
        kind=note_kind,
        title=title,
        case=case,
        link=approval_link(kind, case, obj),
        subject=obj if kind in ("preservation", "measure") else case,
    )
