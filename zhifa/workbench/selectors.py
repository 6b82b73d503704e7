"""The to-do workbench (待办): what waits on the signed-in user, derived from case states, pending
approvals and Deadline rows — never stored (architecture.md, flow 6).

`workbench_for(user)` returns the user's groups of items, most urgent first, each item linking to
the exact place to act. The number of queries is bounded by the number of groups, never by the
number of items (every group is one query with its joins). Scope: approvals and reviews are the
user's own agency's (only its head and reviewers may act, `cases.selectors.roles_for`); an
officer's items are the cases they are assigned to (not recused); a supervisor sees counts of
their subtree; the three administrators see their own duties and never case data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhifa.accounts.models import User
from zhifa.cases.models import Case, CaseOfficer, PaymentPlan, Recusal, RemedyPeriod, StepRecord
from zhifa.core.procedure import State
from zhifa.core.remedies import REVERSING
from zhifa.deadlines.choices import DeadlineFlag, DeadlineState, ExtensionDecision
from zhifa.deadlines.links import subject_link
from zhifa.deadlines.models import Deadline, ExtensionRequest
from zhifa.measures.models import CompulsoryMeasure, EvidencePreservation, PropertyDisposal
from zhifa.officers.models import ConductRecord, Suspension
from zhifa.officers.selectors import eligibility_of_user
from zhifa.orgs.divisions import agency_order
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import scope_filter

# An item whose case's nearest deadline falls within this many natural days counts as due soon
# (the sweep's own working-day flag is used for the Deadline rows themselves).
DUE_SOON_DAYS = 3
# Items listed per group on the home page (the count is always the full number).
LIST_LIMIT = 50

OVERDUE, DUE_SOON, NORMAL = 0, 1, 2
URGENCY_LABELS = {OVERDUE: "已逾期", DUE_SOON: "即将到期", NORMAL: ""}

# States in which the case waits on its officers, with the step they take next (the core's
# transition codes; `None`: several steps are possible, the case page's action list offers them).
OFFICER_NEXT = {
    State.FILED: "start_investigation",
    State.INVESTIGATION: "submit_report",
    State.REPORT_APPROVED: "serve_rights_notice",
    State.NOTIFIED: None,
    State.HEARING_HELD: "submit_legal_review",
    State.HEARING_TERMINATED: "submit_legal_review",
    State.DECIDED_PENALTY: "serve_decision",
    State.DECIDED_NO_PENALTY: "serve_decision",
    State.SERVED: "start_performance",
}
OFFICER_NEXT_LABELS = {
    State.FILED: "开始调查取证",
    State.INVESTIGATION: "调查取证，提交案件调查报告",
    State.REPORT_APPROVED: "送达违法行为通知书",
    State.NOTIFIED: "陈述申辩期：记录陈述申辩、听证申请，或提交法制审核",
    State.HEARING_HELD: "听证已举行：提交法制审核",
    State.HEARING_TERMINATED: "听证已终止：提交法制审核",
    State.DECIDED_PENALTY: "送达行政处罚决定书",
    State.DECIDED_NO_PENALTY: "送达不予行政处罚决定书",
    State.SERVED: "开始履行期",
}
# Steps that send a case back to its officers, with what the officers are told.
RETURN_STEPS = {
    "return_report": "调查报告被退回补充调查",
    "return_review_for_investigation": "法制审核未通过，退回补充调查",
    "return_review_for_report": "法制审核未通过，退回修改调查报告",
}
# States in which the case waits on its agency head, by group.
HEAD_STATES = {
    "filing": (State.LEAD,),
    "report": (State.REPORT_SUBMITTED,),
    "hearing": (State.HEARING_REQUESTED,),
    "deliberation": (State.DELIBERATION,),
    "decision": (State.LEGAL_REVIEW_PASSED, State.DELIBERATION_RESOLVED),
    "enforcement": (State.OVERDUE, State.DEMAND_ISSUED),
    "closing": (
        State.PERFORMED,
        State.INVESTIGATION_TERMINATED,
        State.TRANSFERRED_TO_AGENCY,
        State.TRANSFERRED_TO_JUDICIARY,
        State.EXECUTION_TERMINATED,
        State.CLOSED,
    ),
}
CLOSED_STATES = (State.CLOSED, State.ARCHIVED, State.NOT_FILED)


@dataclass(frozen=True)
class Item:
    """One thing to do: what, on which case (or object), where to act, by when."""

    title: str
    subject: str
    url: str
    due: date | None = None
    urgency: int = NORMAL
    note: str = ""

    @property
    def urgency_label(self) -> str:
        return URGENCY_LABELS[self.urgency]


@dataclass
class Group:
    key: str
    label: str
    items: list[Item] = field(default_factory=list)
    count: int = 0
    order: int = 0

    @property
    def shown(self) -> list[Item]:
        return self.items[:LIST_LIMIT]

    @property
    def more(self) -> int:
        return max(0, self.count - LIST_LIMIT)

    @property
    def urgency(self) -> int:
        return min((i.urgency for i in self.items), default=NORMAL)


@dataclass(frozen=True)
class AgencyRow:
    """A supervisor's line: one subordinate agency (its whole subtree) and its flagged items."""

    agency: Agency
    overdue: int
    due_soon: int
    overdue_payments: int
    url: str

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.overdue_payments


@dataclass(frozen=True)
class Blocked:
    """Why an officer may not act today (suspension or certificate), for the home page."""

    reasons: tuple[str, ...]
    suspension: Suspension | None = None


@dataclass
class Workbench:
    groups: list[Group] = field(default_factory=list)
    supervision: list[AgencyRow] | None = None
    supervision_agency: Agency | None = None
    blocked: Blocked | None = None

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def _today() -> date:
    return timezone.localdate()


def _urgency(due: date | None, today: date) -> int:
    if due is None:
        return NORMAL
    if due < today:
        return OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return NORMAL


def _case_name(case: Case) -> str:
    number = case.case_number or _("线索（未立案）")
    party = case.party.name if case.party_id else ""
    return f"{number} · {party}" if party else number


def _case_url(case_id: int, anchor: str = "") -> str:
    url = reverse("cases:detail", args=[case_id])
    return f"{url}#{anchor}" if anchor else url


def _action_url(case_id: int, code: str) -> str:
    return reverse("cases:action", args=[case_id, code])


def _case_item(case: Case, title: str, url: str, today: date, note: str = "") -> Item:
    return Item(
        title=title,
        subject=_case_name(case),
        url=url,
        due=case.next_due,
        urgency=_urgency(case.next_due, today),
        note=note,
    )


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.urgency, i.due or date.max, i.subject))


def _group(key: str, label: str, items: list[Item], order: int) -> Group:
    return Group(key=key, label=label, items=_sorted(items), count=len(items), order=order)


def _cases(qs):
    return qs.select_related("party").order_by("next_due", "id")


# --- officers -------------------------------------------------------------------------------------


def _officer_groups(user, today: date) -> list[Group]:
    last_step = StepRecord.objects.filter(case=OuterRef("pk")).order_by("-id")
    mine = list(
        _cases(
            # a subquery, not a join + DISTINCT over every column: one assignment per officer
            # and case (case_officer_once) already keeps rows single
            Case.objects.filter(
                pk__in=CaseOfficer.objects.filter(officer__user=user, recused=False).values(
                    "case_id"
                )
            )
            .exclude(state__in=CLOSED_STATES)
            .annotate(last_code=Subquery(last_step.values("code")[:1]))
        )
    )
    leads, steps, returned = [], [], []
    for case in mine:
        state = State(case.state)
        if case.last_code in RETURN_STEPS:
            returned.append(
                _case_item(case, RETURN_STEPS[case.last_code], _case_url(case.pk, "actions"), today)
            )
        elif state == State.LEAD:
            leads.append(_case_item(case, _("线索待核查处理"), _case_url(case.pk), today))
        elif state in OFFICER_NEXT:
            code = OFFICER_NEXT[state]
            url = _action_url(case.pk, code) if code else _case_url(case.pk, "actions")
            steps.append(_case_item(case, OFFICER_NEXT_LABELS[state], url, today))
        elif state == State.ONSPOT_DECIDED and not case.onspot_filed:
            url = _action_url(case.pk, "file_onspot_decision")
            steps.append(_case_item(case, _("当场处罚决定报所属部门备案"), url, today))
    ids = [str(c.pk) for c in mine]
    deadlines = (
        Deadline.objects.filter(
            state=DeadlineState.OPEN, flag__in=[DeadlineFlag.OVERDUE, DeadlineFlag.DUE_SOON]
        )
        .filter(Q(responsible=user) | Q(subject_type="cases.case", subject_id__in=ids))
        .distinct()  # `responsible` is many-to-many: the join repeats a row
        .order_by("due", "id")
    )
    deadline_items = []
    for d in deadlines:
        link = subject_link(d.subject_type, d.subject_id)
        overdue = d.flag == DeadlineFlag.OVERDUE
        deadline_items.append(
            Item(
                title=d.title,
                subject=_("已逾期") if overdue else _("即将届满"),
                url=f"{link}#deadlines" if link.startswith("/cases/") else (link or "/deadlines/"),
                due=d.due,
                urgency=OVERDUE if overdue else DUE_SOON,
            )
        )
    # Measures the head approved that the officers still have to carry out (ACL Art. 18).
    measures = []
    for p in EvidencePreservation.objects.filter(
        case__in=[c.pk for c in mine], state="approved"
    ).select_related("case__party"):
        url = reverse("measures:case", args=[p.case_id]) + f"#preservation-{p.pk}"
        measures.append(_case_item(p.case, _("先行登记保存已批准，待实施"), url, today))
    for m in CompulsoryMeasure.objects.filter(
        case__in=[c.pk for c in mine], state="approved"
    ).select_related("case__party"):
        url = reverse("measures:case", args=[m.case_id]) + f"#measure-{m.pk}"
        label = _("查封已批准，待实施") if m.kind == "seal" else _("扣押已批准，待实施")
        measures.append(_case_item(m.case, label, url, today))
    return [
        _group("returned", _("被退回的事项"), returned, 10),
        _group("deadlines", _("我的期限（即将届满或已逾期）"), deadline_items, 11),
        _group("steps", _("我承办案件的待办步骤"), steps + measures, 12),
        _group("leads", _("待处理的线索"), leads, 13),
        _group("conduct", _("待陈述意见的违反执法规范记录"), _conduct_to_answer(user), 14),
    ]


def _conduct_to_answer(user) -> list[Item]:
    """Conduct records about this officer not yet answered (issue 14 item 3)."""
    rows = ConductRecord.objects.filter(
        officer__user=user, answered_at__isnull=True
    ).select_related("item")[:LIST_LIMIT]
    return [
        Item(
            title=_("违反执法规范记录：可陈述意见"),
            subject=f"{r.item.get_code_set_display()} {r.item.number}",
            url=reverse("officers:me") + "#conduct",
        )
        for r in rows
    ]


def _revocations(agency_id: int, user) -> list[Item]:
    """Revocations for a serious breach of the prohibitions waiting for the head (T2 Art. 33(8))."""
    rows = (
        ConductRecord.objects.filter(officer__user__agency_id=agency_id, status="pending_approval")
        .exclude(recorded_by=user)
        .select_related("officer__user", "item")[:LIST_LIMIT]
    )
    return [
        Item(
            title=_("审批吊销执法证件"),
            subject=f"{r.officer.user.full_name}：{r.item.get_code_set_display()} {r.item.number}",
            url=reverse("officers:page", args=[r.officer_id]) + "#conduct",
            urgency=DUE_SOON,
        )
        for r in rows
    ]


# --- legal reviewers ------------------------------------------------------------------------------


def _reviewer_groups(user, today: date) -> list[Group]:
    cases = _cases(Case.objects.filter(agency_id=user.agency_id, state=State.LEGAL_REVIEW))
    items = [_case_item(c, _("待法制审核"), _case_url(c.pk, "actions"), today) for c in cases]
    return [_group("reviews", _("待法制审核的案件"), items, 20)]


# --- agency heads ---------------------------------------------------------------------------------


def _head_groups(user, today: date) -> list[Group]:
    agency_id = user.agency_id
    states = [s for group in HEAD_STATES.values() for s in group]
    cases = list(_cases(Case.objects.filter(agency_id=agency_id, state__in=states)))
    by_state: dict[State, list[Case]] = {}
    for c in cases:
        by_state.setdefault(State(c.state), []).append(c)

    def of(key):
        return [c for s in HEAD_STATES[key] for c in by_state.get(s, ())]

    filing = [
        _case_item(c, _("立案审批"), _action_url(c.pk, "file_case"), today) for c in of("filing")
    ]
    reports = [
        _case_item(
            c,
            _("审批案件调查报告") if c.report_unit_reviewed else _("审核案件调查报告"),
            _action_url(c.pk, "approve_report" if c.report_unit_reviewed else "review_report"),
            today,
        )
        for c in of("report")
    ]
    decisions = [
        _case_item(c, _("作出处罚决定"), _case_url(c.pk, "actions"), today) for c in of("decision")
    ]
    decisions += [
        _case_item(c, _("集体讨论作出决定"), _action_url(c.pk, "resolve_deliberation"), today)
        for c in of("deliberation")
    ]
    decisions += [
        _case_item(c, _("指定听证主持人并通知听证"), _action_url(c.pk, "schedule_hearing"), today)
        for c in of("hearing")
    ]
    enforcement = [
        _case_item(
            c,
            _("逾期未缴纳：送达催告书") if c.state == State.OVERDUE else _("催告期满：强制执行"),
            _action_url(c.pk, "issue_demand")
            if c.state == State.OVERDUE
            else _case_url(c.pk, "actions"),
            today,
        )
        for c in of("enforcement")
    ]
    closing = [
        _case_item(
            c,
            _("归档") if c.state == State.CLOSED else _("结案审批"),
            _action_url(c.pk, "archive_case" if c.state == State.CLOSED else "close_case"),
            today,
        )
        for c in of("closing")
    ]
    return [
        _group("filing", _("待审批立案"), filing, 30),
        _group("reports", _("待审批的案件调查报告"), reports, 31),
        _group("decisions", _("待作出决定"), decisions, 32),
        _group("deviations", _("偏离裁量建议待批准"), _deviations(agency_id, today), 33),
        _group("measures", _("行政强制措施与涉案财物待审批"), _measures(agency_id, today), 34),
        _group("extensions", _("期限延长申请"), _extensions(agency_id, today), 35),
        _group("recusals", _("回避申请"), _recusals(agency_id, today), 36),
        _group("plans", _("暂缓或分期缴纳申请"), _plans(agency_id, today), 37),
        _group("enforcement", _("逾期未履行"), enforcement, 38),
        _group("closing", _("待结案、归档"), closing, 39),
        _group("revocations", _("待审批的吊销执法证件"), _revocations(agency_id, user), 40),
        _group("remedies", _("行政复议和行政诉讼"), _remedies(agency_id, today), 41),
    ]


def _deviations(agency_id: int, today: date) -> list[Item]:
    """Cases whose notified fine lies outside the recommended range, not yet approved and not put
    to collective discussion (T6 §(十二); the guard `deviation_approved` refuses the decision)."""
    from zhifa.cases.models import Notice

    notices = Notice.objects.filter(
        current=True,
        case__agency_id=agency_id,
        case__state__in=[
            State.NOTIFIED,
            State.HEARING_HELD,
            State.HEARING_TERMINATED,
            State.LEGAL_REVIEW,
            State.LEGAL_REVIEW_PASSED,
        ],
    ).select_related("case__party")
    rows = list(notices)
    approved = set(
        Case.objects.filter(pk__in=[n.case_id for n in rows])
        .filter(deviations__isnull=False)
        .values_list("pk", "deviations__amount")
    )
    items = []
    for n in rows:
        case, fine = n.case, _fine(n.penalty)
        low, high = _range(case.recommendation)
        if fine is None or fine <= 0 or low is None or low <= fine <= high:
            continue
        if (case.pk, fine) in approved:
            continue
        note = _("拟罚款%(fine)s元，裁量建议%(low)s–%(high)s元") % {
            "fine": _plain(fine),
            "low": _plain(low),
            "high": _plain(high),
        }
        url = reverse("cases:deviation", args=[case.pk])
        items.append(_case_item(case, _("批准偏离裁量建议"), url, today, note=note))
    return items


def _fine(penalty):
    from decimal import Decimal, InvalidOperation

    try:
        value = (penalty or {}).get("fine")
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _range(rec):
    rng = (rec or {}).get("recommended_range") or {}
    low, high = _fine({"fine": rng.get("low")}), _fine({"fine": rng.get("high")})
    return (low, high) if low is not None and high is not None else (None, None)


def _plain(amount) -> str:
    """500.00 → 500, 12.50 → 12.5 (as the law writes amounts, never Decimal('…'))."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _measures(agency_id: int, today: date) -> list[Item]:
    items = []
    for p in EvidencePreservation.objects.filter(
        agency_id=agency_id, state="pending"
    ).select_related("case__party"):
        url = reverse("measures:case", args=[p.case_id]) + f"#preservation-{p.pk}"
        items.append(_case_item(p.case, _("先行登记保存审批"), url, today, note=p.items_summary))
    for m in (
        CompulsoryMeasure.objects.filter(agency_id=agency_id, approval="pending")
        .filter(Q(emergency=False, state="pending") | Q(emergency=True, reported_at__isnull=False))
        .select_related("case__party")
    ):
        url = reverse("measures:case", args=[m.case_id]) + f"#measure-{m.pk}"
        what = m.get_kind_display()
        label = (
            _("当场%(kind)s，补办审批") % {"kind": what}
            if m.emergency
            else _("%(kind)s审批") % {"kind": what}
        )
        items.append(_case_item(m.case, label, url, today, note=m.items_summary))
    soon = today + timedelta(days=DUE_SOON_DAYS + 4)
    for m in CompulsoryMeasure.objects.filter(
        agency_id=agency_id, state="active", due__lte=soon, extensions__isnull=True
    ).select_related("case__party"):
        url = reverse("measures:case", args=[m.case_id]) + f"#measure-{m.pk}"
        label = _("%(kind)s期限即将届满：解除或延长") % {"kind": m.get_kind_display()}
        item = _case_item(m.case, label, url, today)
        items.append(Item(item.title, item.subject, url, m.due, _urgency(m.due, today)))
    for d in PropertyDisposal.objects.filter(
        item__agency_id=agency_id, state="pending"
    ).select_related("item__case__party"):
        url = reverse("measures:property", args=[d.item_id])
        label = _("涉案财物处置审批：%(kind)s") % {"kind": d.get_kind_display()}
        items.append(_case_item(d.item.case, label, url, today, note=d.item.description))
    return items


def _extensions(agency_id: int, today: date) -> list[Item]:
    rows = ExtensionRequest.objects.filter(
        decision=ExtensionDecision.PENDING, deadline__agency_id=agency_id
    ).select_related("deadline", "requested_by")
    return [
        Item(
            title=_("期限延长审批：%(title)s") % {"title": r.deadline.title},
            subject=r.requested_by.full_name if r.requested_by_id else "",
            url=reverse("deadlines:list") + "#extensions",
            due=r.deadline.due,
            urgency=_urgency(r.deadline.due, today),
            note=r.reason,
        )
        for r in rows
    ]


def _recusals(agency_id: int, today: date) -> list[Item]:
    rows = Recusal.objects.filter(case__agency_id=agency_id, status="pending").select_related(
        "case__party", "officer__user"
    )
    return [
        _case_item(
            r.case,
            _("回避申请：%(name)s") % {"name": r.officer.user.full_name},
            _case_url(r.case_id, f"recusal-{r.pk}"),
            today,
        )
        for r in rows
    ]


def _plans(agency_id: int, today: date) -> list[Item]:
    rows = PaymentPlan.objects.filter(
        case__agency_id=agency_id,
        approved_on__isnull=True,
        case__state__in=[State.AWAITING_PERFORMANCE, State.OVERDUE],
    ).select_related("case__party")
    return [
        _case_item(
            p.case,
            _("%(kind)s申请审批") % {"kind": p.get_kind_display()},
            _action_url(p.case_id, "approve_deferral"),
            today,
        )
        for p in rows
    ]


def _remedies(agency_id: int, today: date) -> list[Item]:
    """Reconsiderations and suits against the agency's decisions (legal.md §H): pending ones wait
    for their outcome (the agency answers as respondent, ARL Art. 48; ALL Art. 67); an outcome that
    corrected the decision waits for the head's record of the correction (refund, execution ended,
    publication withdrawn: zhifa.core.remedies.follow_ups). One query."""
    rows = (
        RemedyPeriod.objects.filter(case__agency_id=agency_id)
        .exclude(kind="")
        .filter(
            Q(ended_on__isnull=True) | Q(outcome__in=list(REVERSING), followed_up_on__isnull=True)
        )
        .select_related("case__party")
    )
    items = []
    for r in rows:
        if r.ended_on is None:
            title = _("%(kind)s待登记结果") % {"kind": r.get_kind_display()}
        else:
            title = _("原决定经%(kind)s%(outcome)s：落实纠错") % {
                "kind": r.get_kind_display(),
                "outcome": r.get_outcome_display(),
            }
        items.append(
            _case_item(r.case, title, _case_url(r.case_id, f"remedy-{r.pk}"), today, r.body)
        )
    return items


# --- supervisors ----------------------------------------------------------------------------------


def supervision(user, agency: Agency | None = None) -> tuple[Agency, list[AgencyRow]]:
    """Overdue and due-soon deadlines and overdue payments under `agency` (default: the user's),
    counted by its direct subordinates (each with its subtree) and itself. Three queries."""
    root = agency or user.agency
    # provinces in GB/T 2260 order (北京 first), then the directly administered bodies
    children = list(Agency.objects.filter(parent=root).order_by(agency_order(), "path"))
    flagged = (
        Deadline.objects.filter(scope_filter(user), agency__path__startswith=root.path)
        .filter(state=DeadlineState.OPEN, flag__in=[DeadlineFlag.OVERDUE, DeadlineFlag.DUE_SOON])
        .values("agency__path", "flag")
        .annotate(n=Count("id"))
    )
    payments = (
        Case.objects.filter(scope_filter(user), agency__path__startswith=root.path)
        .filter(state__in=[State.OVERDUE, State.DEMAND_ISSUED])
        .values("agency__path")
        .annotate(n=Count("id"))
    )
    counts: dict[int, list[int]] = {}

    def bucket(path: str) -> int:
        for child in children:
            if path.startswith(child.path):
                return child.pk
        return root.pk

    for row in flagged:
        slot = counts.setdefault(bucket(row["agency__path"]), [0, 0, 0])
        slot[0 if row["flag"] == DeadlineFlag.OVERDUE else 1] += row["n"]
    for row in payments:
        counts.setdefault(bucket(row["agency__path"]), [0, 0, 0])[2] += row["n"]
    rows = []
    for a in [root, *children]:
        o, s, p = counts.get(a.pk, (0, 0, 0))
        url = reverse("workbench:supervision", args=[a.pk]) if a is not root else ""
        rows.append(AgencyRow(a, o, s, p, url))
    return root, rows


def _supervisor_groups(user, today: date) -> tuple[list[Group], list[AgencyRow], Agency]:
    root, rows = supervision(user)
    items = [
        Item(
            title=r.agency.name,
            subject=_("逾期%(o)s项，即将届满%(s)s项，逾期未缴纳%(p)s件")
            % {"o": r.overdue, "s": r.due_soon, "p": r.overdue_payments},
            url=r.url or reverse("workbench:supervision", args=[r.agency.pk]),
            urgency=OVERDUE if r.overdue or r.overdue_payments else DUE_SOON,
        )
        for r in rows
        if r.total
    ]
    group = Group("supervision", _("下级机构的逾期与预警"), _sorted(items), len(items), 40)
    return [group], rows, root


def flagged_deadlines(user, agency: Agency, limit: int = LIST_LIMIT) -> list[Deadline]:
    """The drill-down's list: flagged open deadlines of `agency` itself (scoped)."""
    return list(
        Deadline.objects.filter(scope_filter(user), agency=agency, state=DeadlineState.OPEN)
        .filter(flag__in=[DeadlineFlag.OVERDUE, DeadlineFlag.DUE_SOON])
        .order_by("due", "id")[:limit]
    )


# --- the three administrators ---------------------------------------------------------------------


def _system_admin_groups(user, today: date) -> list[Group]:
    """Accounts needing attention: active accounts holding no role at all, and officer accounts
    without an officer record (they cannot be assigned to cases)."""
    url = reverse("admin:accounts_user_changelist")
    counts = User.objects.filter(is_active=True).aggregate(
        no_role=Count(
            "id",
            filter=Q(
                admin_role="",
                is_officer=False,
                is_legal_reviewer=False,
                is_agency_head=False,
                is_supervisor=False,
            ),
        ),
        no_record=Count("id", filter=Q(is_officer=True, officer__isnull=True)),
    )
    items = []
    if counts["no_role"]:
        items.append(
            Item(
                _("未分配角色的账户"), _("%(n)s个") % {"n": counts["no_role"]}, url, None, DUE_SOON
            )
        )
    if counts["no_record"]:
        items.append(
            Item(
                _("缺少执法人员档案的执法账户"),
                _("%(n)s个") % {"n": counts["no_record"]},
                url,
                None,
                DUE_SOON,
            )
        )
    return [_group("accounts", _("账户管理"), items, 50)]


def _security_admin_groups(user, today: date) -> list[Group]:
    """Accounts locked after repeated failed sign-ins (django-axes), to review and unlock."""
    from axes.models import AccessAttempt

    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=limit)
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if isinstance(cooloff, timedelta):  # a lock that has run out is no duty any more
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    names = sorted(set(attempts.values_list("username", flat=True)))
    url = reverse("admin:accounts_user_changelist")
    items = [
        Item(_("账户已锁定"), name, f"{url}?q={name}", None, DUE_SOON) for name in names if name
    ]
    return [_group("locked", _("被锁定的账户"), items, 51)]


def _audit_admin_groups(user, today: date) -> list[Group]:
    """The daily anchors of the journal: a missing day is a duty (anchor_journal)."""
    from zhifa.records.models import JournalAnchor

    last = JournalAnchor.objects.order_by("-day").values_list("day", flat=True).first()
    yesterday = today - timedelta(days=1)
    items = []
    if last is None or last < yesterday:
        items.append(
            Item(
                _("记录每日锚定缺失"),
                _("最近一次锚定：%(day)s") % {"day": last.isoformat() if last else _("无")},
                reverse("records:anchors"),
                last,
                OVERDUE,
                _("请补做每日锚定并核验全过程记录（操作方法见“全过程记录每日锚定”页面）"),
            )
        )
    return [_group("anchors", _("记录核验与锚定"), items, 52)]


# --- officers' standing ---------------------------------------------------------------------------


def blocked_officer(user, today: date | None = None) -> Blocked | None:
    """For an officer who may not act today: the reasons (suspension, certificate), and the
    suspension in force with who decided it. None for anyone who may act or is not an officer."""
    today = today or _today()
    if not getattr(user, "is_officer", False):
        return None
    eligibility = eligibility_of_user(user, today)
    if eligibility is None or eligibility.allowed:
        return None
    suspension = (
        Suspension.objects.filter(officer__user=user, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=today))
        .select_related("decided_by")
        .order_by("-starts_on")
        .first()
    )
    return Blocked(tuple(r.message for r in eligibility.reasons), suspension)


# --- the workbench --------------------------------------------------------------------------------


# Other apps add their own groups (complaints: work orders waiting on the user's agency) from
# their AppConfig.ready(), so this module imports none of them: builder(user, today) -> [Group].
GROUP_BUILDERS: list = []


def register_group_builder(builder) -> None:
    if builder not in GROUP_BUILDERS:
        GROUP_BUILDERS.append(builder)


def workbench_for(user, today: date | None = None, *, with_blocked: bool = True) -> Workbench:
    """Everything waiting on `user`, grouped; groups with urgent items first. Empty for anonymous
    users. Administrators get only their own duties (三员分立: no case data)."""
    today = today or _today()
    bench = Workbench()
    if not getattr(user, "is_authenticated", False) or not user.agency_id:
        return bench
    groups: list[Group] = []
    role = getattr(user, "admin_role", "")
    if role:
        builder = {
            "system": _system_admin_groups,
            "security": _security_admin_groups,
            "audit": _audit_admin_groups,
        }.get(role)
        groups = builder(user, today) if builder else []
    else:
        if user.is_agency_head:
            groups += _head_groups(user, today)
        if user.is_legal_reviewer:
            groups += _reviewer_groups(user, today)
        if user.is_officer:
            groups += _officer_groups(user, today)
            if with_blocked:
                bench.blocked = blocked_officer(user, today)
        if user.is_supervisor:
            sup, rows, root = _supervisor_groups(user, today)
            groups += sup
            bench.supervision, bench.supervision_agency = rows, root
        for builder in GROUP_BUILDERS:
            groups += builder(user, today)
    bench.groups = sorted(groups, key=lambda g: (g.count == 0, g.urgency, g.order))
    return bench


def todo_count(user, today: date | None = None) -> int:
    return workbench_for(user, today, with_blocked=False).total
