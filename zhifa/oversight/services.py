"""Writes of oversight: checks and findings, rectification with its deadline and 回头看,
accountability referrals, the 同案不同罚 conclusions, exemplary cases and reports to the ministry.
Each act in one transaction with its journal entry; hand-offs notify and appear on the workbench
(selectors.workbench_group)."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.core.text import forbidden_kind
from zhifa.deadlines.services import close_deadline, open_deadline
from zhifa.notifications.services import notify
from zhifa.orgs.models import Agency
from zhifa.records import journal

from . import events
from .choices import (
    CheckKind,
    ExemplaryState,
    FlagConclusion,
    RectificationState,
    ReferralState,
    ReportState,
    SourceKind,
)
from .errors import (
    AlreadyReviewed,
    InvalidOversightInput,
    MaskingBlocked,
    NotSuperior,
    NotYourRectification,
    RectificationStateConflict,
    ReportStateConflict,
)
from .models import (
    AccountabilityReferral,
    ExemplaryCase,
    Finding,
    FlagReview,
    MinistryReport,
    Rectification,
    SupervisoryCheck,
)

NOTIFY_KIND = "oversight.todo"
# 整改期限: a date the checker sets, counted in natural days (no statute fixes its length: the
# supervisory decision names the day; T3 Art. 10(一) wants superiors' supervisory decisions carried
# out without delay); the deadlines sweep warns before and flags after it.
DEADLINE_CODE = "OV_rectification"
DEADLINE_TITLE = (
    "整改期限",
    "《交通运输行政执法评议考核规定》第十条（执行上级监督决定，期限由督查机关确定）",
)
MAX_TEXT = 4000
_TAG = re.compile(r"<\s*[a-zA-Z!/?]")


# --- checks --------------------------------------------------------------------------------------


def clean_text(value, label: str, *, max_length: int = MAX_TEXT, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidOversightInput(f"{label}格式有误。", details={"field": label})
    text = (value or "").strip()
    if required and not text:
        raise InvalidOversightInput(f"请填写{label}。", details={"field": label})
    if len(text) > max_length:
        raise InvalidOversightInput(
            f"{label}不能超过 {max_length} 个字。", details={"field": label, "max": max_length}
        )
    if forbidden_kind(text) or _TAG.search(text):
        raise InvalidOversightInput(
            f"{label}含有不允许的字符或网页标记。", details={"field": label}
        )
    return text


def clean_date(value, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        raise InvalidOversightInput(f"{label}格式有误（如 2026-03-01）。") from None


def is_superior(user, agency: Agency) -> bool:
    """A supervisor or agency head of an agency above `agency` (strictly: nobody checks their own
    unit) — T3 Arts. 2–3: higher departments evaluate and supervise lower ones."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "admin_role", ""):
        return False
    if not (user.is_supervisor or user.is_agency_head) or user.agency_id is None:
        return False
    return agency.pk != user.agency_id and agency.path.startswith(user.agency.path)


def _require_superior(user, agency: Agency, what: str) -> None:
    if not is_superior(user, agency):
        raise NotSuperior(f"只有上级机关的监督人员或负责人可以{what}。")


def _today() -> date:
    return timezone.localdate()


def heads_of(agency: Agency) -> list[User]:
    return list(
        User.objects.filter(agency=agency, is_agency_head=True, is_active=True, admin_role="")
    )


@transaction.atomic
def record_check(
    *, agency: Agency, kind: str, title, checked_on, summary="", findings=(), actor
) -> SupervisoryCheck:
    """A scheduled check or an unannounced visit (明察暗访, T3 Art. 16) with the problems found."""
    _require_superior(actor, agency, "记录督查检查")
    if kind not in (CheckKind.SCHEDULED, CheckKind.UNANNOUNCED):
        raise InvalidOversightInput("请选择检查方式（计划督查或明察暗访）。")
    check = SupervisoryCheck.objects.create(
        agency=agency,
        checker_agency=actor.agency,
        checker=actor,
        kind=kind,
        title=clean_text(title, "检查事项", max_length=200, required=True),
        checked_on=clean_date(checked_on, "检查日期"),
        summary=clean_text(summary, "检查情况"),
    )
    texts = [clean_text(t, "发现问题") for t in findings]
    for text in filter(None, texts):
        Finding.objects.create(check_record=check, text=text)
    journal.append(
        events.CHECK_RECORDED,
        actor=actor,
        subject=check,
        agency=agency,
        payload={"kind": kind, "title": check.title, "findings": len([t for t in texts if t])},
    )
    return check


# --- rectification -------------------------------------------------------------------------------


def _link(r: Rectification) -> str:
    return reverse("oversight:rectification", args=[r.pk])


def _open_period(r: Rectification, due: date, actor) -> None:
    start = _today()
    open_deadline(
        subject=r,
        agency=r.agency,
        code=DEADLINE_CODE,
        start=start,
        due=due,
        unit="natural_days",
        amount=max((due - start).days, 1),
        actor=actor,
        responsible=[r.owner, r.checker],
    )


def _check_due(due) -> date:
    day = clean_date(due, "整改期限")
    if day <= _today():
        raise InvalidOversightInput("整改期限应晚于今天。")
    return day


@transaction.atomic
def open_rectification(
    *,
    agency: Agency,
    title,
    source_kind: str,
    source_ref="",
    owner: User | None,
    due,
    actor,
    detail="",
    finding: Finding | None = None,
) -> Rectification:
    """Order `agency` to correct something by `due` (a date); `owner` (default: its head) answers.

    Other apps call it (case-file review, indicators, the complaints hot spots): `source_kind` is a
    `SourceKind` value and `source_ref` says where it came from in words or ids.
    """
    _require_superior(actor, agency, "下达整改")
    if source_kind not in SourceKind.values:
        raise InvalidOversightInput("问题来源无法识别。", details={"source_kind": source_kind})
    if owner is None:
        heads = heads_of(agency)
        if not heads:
            raise InvalidOversightInput("该单位没有负责人账户，请指定整改责任人。")
        owner = heads[0]
    if owner.agency_id != agency.pk or not owner.is_active or owner.admin_role:
        raise InvalidOversightInput("整改责任人应为整改单位的在岗人员。")
    if finding is not None and finding.check_record.agency_id != agency.pk:
        raise InvalidOversightInput("该问题不是本单位的督查发现。")
    r = Rectification.objects.create(
        agency=agency,
        title=clean_text(title, "整改事项", max_length=200, required=True),
        detail=clean_text(detail, "整改要求"),
        source_kind=source_kind,
        source_ref=clean_text(source_ref, "来源说明", max_length=300),
        finding=finding,
        owner=owner,
        checker=actor,
    )
    due_day = _check_due(due)
    _open_period(r, due_day, actor)
    journal.append(
        events.RECTIFICATION_OPENED,
        actor=actor,
        subject=r,
        agency=agency,
        payload={
            "title": r.title,
            "source_kind": source_kind,
            "source_ref": r.source_ref,
            "owner": owner.pk,
            "due": due_day.isoformat(),
            "finding": finding.pk if finding else None,
        },
    )
    notify(
        [owner],
        kind=NOTIFY_KIND,
        title=f"整改事项待办：{r.title}",
        body=f"请于 {due_day.isoformat()} 前完成整改并报送整改情况。",
        link=_link(r),
        subject=r,
    )
    return r


def _lock(r: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("agency").get(pk=r.pk)


def may_respond(user, r: Rectification) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "admin_role", "")
        and (user.pk == r.owner_id or (user.is_agency_head and user.agency_id == r.agency_id))
    )


def may_follow_up(user, r: Rectification) -> bool:
    return user.pk == r.checker_id or is_superior(user, r.agency)


@transaction.atomic
def respond(r: Rectification, *, actor, text) -> Rectification:
    """The agency reports what it corrected; the checker is told to follow up (回头看)."""
    r = _lock(r)
    if not may_respond(actor, r):
        raise NotYourRectification("只有整改责任人或整改单位负责人可以报送整改情况。")
    if r.state != RectificationState.OPEN:
        raise RectificationStateConflict("该整改事项当前不能报送整改情况。")
    r.response = clean_text(text, "整改情况", required=True)
    r.state = RectificationState.RESPONDED
    r.responded_at = timezone.now()
    r.save(update_fields=["response", "state", "responded_at"])
    closed = close_deadline(subject=r, code=DEADLINE_CODE, actor=actor)
    journal.append(
        events.RECTIFICATION_RESPONDED,
        actor=actor,
        subject=r,
        agency=r.agency,
        payload={"round": r.rounds, "late": bool(closed and closed.is_overdue)},
    )
    notify(
        [r.checker],
        kind=NOTIFY_KIND,
        title=f"整改情况已报送，请回头看：{r.title}",
        body=f"{r.agency.name}已报送整改情况。",
        link=_link(r),
        subject=r,
    )
    return r


def follow_up_due(r: Rectification, today: date | None = None) -> bool:
    """A 回头看 is due once the agency responded, or once its deadline passed without a response."""
    if r.state == RectificationState.RESPONDED:
        return True
    if r.state != RectificationState.OPEN:
        return False
    from zhifa.deadlines.selectors import open_deadline_of

    d = open_deadline_of(r, DEADLINE_CODE)
    return d is not None and d.due < (today or _today())


@transaction.atomic
def follow_up(
    r: Rectification, *, actor, passed: bool, summary, checked_on=None, new_due=None
) -> SupervisoryCheck:
    """回头看: the checker verifies. Done → the rectification is closed (销号); not done → it is
    reopened with a new deadline and the owner is told again."""
    r = _lock(r)
    if not may_follow_up(actor, r):
        raise NotSuperior("只有督办人或上级机关的监督人员可以开展回头看。")
    if not follow_up_due(r):
        raise RectificationStateConflict(
            "整改单位尚未报送整改情况，整改期限也未届满，暂不能回头看。"
        )
    summary = clean_text(summary, "回头看情况", required=True)
    day = clean_date(checked_on or _today(), "检查日期")
    check = SupervisoryCheck.objects.create(
        agency=r.agency,
        checker_agency=actor.agency,
        checker=actor,
        kind=CheckKind.FOLLOW_UP,
        title=f"回头看：{r.title}"[:200],
        checked_on=day,
        summary=summary,
        rectification=r,
        passed=bool(passed),
    )
    payload = {"check": check.pk, "passed": bool(passed), "round": r.rounds}
    if passed:
        close_deadline(subject=r, code=DEADLINE_CODE, actor=actor, reason="lapsed")
        r.state = RectificationState.CLOSED
        r.closed_at = timezone.now()
        r.save(update_fields=["state", "closed_at"])
        title = f"整改已销号：{r.title}"
        body = "回头看确认整改到位。"
    else:
        due_day = _check_due(new_due)
        close_deadline(subject=r, code=DEADLINE_CODE, actor=actor, reason="superseded")
        r.state = RectificationState.OPEN
        r.rounds += 1
        r.response = ""
        r.responded_at = None
        r.save(update_fields=["state", "rounds", "response", "responded_at"])
        _open_period(r, due_day, actor)
        payload["new_due"] = due_day.isoformat()
        title = f"整改未到位，请继续整改：{r.title}"
        body = f"回头看认为整改未到位：{summary[:200]}。新的整改期限 {due_day.isoformat()}。"
    journal.append(
        events.FOLLOW_UP_RECORDED, actor=actor, subject=r, agency=r.agency, payload=payload
    )
    notify([r.owner], kind=NOTIFY_KIND, title=title, body=body, link=_link(r), subject=r)
    return check


# --- accountability ------------------------------------------------------------------------------


@transaction.atomic
def refer_accountability(
    *, agency: Agency, person, body, reason, referred_on, actor, rectification=None
) -> AccountabilityReferral:
    """问责: refer a person to discipline inspection (T3 Art. 10(三): accountability actually pursued)."""
    _require_superior(actor, agency, "移送问责")
    if rectification is not None and rectification.agency_id != agency.pk:
        raise InvalidOversightInput("整改事项不属于该单位。")
    ref = AccountabilityReferral.objects.create(
        agency=agency,
        rectification=rectification,
        person=clean_text(person, "涉及人员", max_length=100, required=True),
        body=clean_text(body, "移送机关", max_length=200, required=True),
        reason=clean_text(reason, "移送事由", required=True),
        referred_on=clean_date(referred_on, "移送日期"),
        referred_by=actor,
    )
    journal.append(
        events.REFERRAL_MADE,
        actor=actor,
        subject=ref,
        agency=agency,
        payload={"body": ref.body, "rectification": rectification.pk if rectification else None},
    )
    return ref


@transaction.atomic
def record_referral_outcome(ref: AccountabilityReferral, *, outcome, outcome_on, actor):
    ref = AccountabilityReferral.objects.select_for_update().select_related("agency").get(pk=ref.pk)
    _require_superior(actor, ref.agency, "记录问责结果")
    if ref.state != ReferralState.REFERRED:
        raise RectificationStateConflict("该问责移送已记录处理结果。")
    ref.outcome = clean_text(outcome, "处理结果", required=True)
    ref.outcome_on = clean_date(outcome_on, "反馈日期")
    ref.state = ReferralState.CONCLUDED
    ref.save(update_fields=["outcome", "outcome_on", "state"])
    journal.append(
        events.REFERRAL_CONCLUDED,
        actor=actor,
        subject=ref,
        agency=ref.agency,
        payload={"outcome_on": ref.outcome_on.isoformat()},
    )
    return ref


# --- 同案不同罚 conclusions ----------------------------------------------------------------------


@transaction.atomic
def conclude_flag(
    *, case, reasons, conclusion: str, note, actor, due=None, owner=None
) -> FlagReview:
    """A supervisor's conclusion on a flagged decision: justified, or a rectification order."""
    _require_superior(actor, case.agency, "核查同案不同罚提示")
    if conclusion not in FlagConclusion.values:
        raise InvalidOversightInput("请选择核查结论。")
    if FlagReview.objects.filter(case=case).exists():
        raise AlreadyReviewed("该案件已有核查结论。")
    note = clean_text(note, "核查说明", required=True)
    rect = None
    if conclusion == FlagConclusion.RECTIFICATION:
        rect = open_rectification(
            agency=case.agency,
            title=f"同案不同罚：{case.case_number or case.pk} 罚款数额偏离"[:200],
            detail=note,
            source_kind=SourceKind.FINE_DISPERSION,
            source_ref=f"案件 {case.case_number or case.pk}",
            owner=owner,
            due=due,
            actor=actor,
        )
    review = FlagReview.objects.create(
        case=case,
        reasons=list(reasons),
        conclusion=conclusion,
        note=note,
        rectification=rect,
        reviewed_by=actor,
    )
    journal.append(
        events.FLAG_REVIEWED,
        actor=actor,
        subject=case,
        agency=case.agency,
        payload={
            "conclusion": conclusion,
            "reasons": list(reasons),
            "rectification": rect.pk if rect else None,
        },
    )
    return review


# --- exemplary cases ------------------------------------------------------------------------------


def _province_staff(user, province: Agency) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "admin_role", "")
        and user.agency_id == province.pk
        and (user.is_supervisor or user.is_agency_head)
    )


def exemplary_text(case) -> str:
    """The case told in masked text, by the public portal's one policy (zhifa/core/masking.py via
    the disclosure app's record); MaskingBlocked when the scanner still finds something."""
    from zhifa.disclosure.services import build_record

    record, findings = build_record(case)
    if findings:
        places = "、".join(sorted({f.place for f in findings}))
        raise MaskingBlocked(
            f"案件信息脱敏后仍含可识别个人的内容（{places}），请先修正后再推荐。",
            details={"findings": [f.as_dict() for f in findings]},
        )
    parts = [
        f"当事人{record['party_name']}" if record["party_name"] else "",
        f"存在“{record['cause']}”的违法行为" if record["cause"] else "",
        f"违反{record['violated']}" if record["violated"] else "",
        f"依据{record['provision']}" if record["provision"] else "",
        f"决定{record['penalty_text']}" if record["penalty_text"] else "",
    ]
    text = "，".join(p for p in parts if p) + "。"
    if record["facts"]:
        text += record["facts"]
    return text


@transaction.atomic
def propose_exemplary(case, *, title, lesson="", actor) -> ExemplaryCase:
    """Propose a decided case for the library of 典型案例 (masked; approved before any use)."""
    from zhifa.cases.models import Decision

    province = _province_for(case.agency)
    if not (is_superior(actor, case.agency) or _province_staff(actor, province)):
        raise NotSuperior("只有省级或上级机关的监督人员、负责人可以推荐典型案例。")
    if not Decision.objects.filter(case=case).exists():
        raise InvalidOversightInput("只有已作出决定的案件可以作为典型案例。")
    if ExemplaryCase.objects.filter(case=case).exists():
        raise AlreadyReviewed("该案件已被推荐为典型案例。", code="exemplary_case_exists")
    ex = ExemplaryCase.objects.create(
        case=case,
        province=province,
        title=clean_text(title, "标题", max_length=200, required=True),
        text=exemplary_text(case),
        lesson=clean_text(lesson, "典型意义"),
        proposed_by=actor,
    )
    journal.append(
        events.EXEMPLARY_PROPOSED,
        actor=actor,
        subject=ex,
        agency=province,
        payload={"case": case.pk},
    )
    return ex


@transaction.atomic
def approve_exemplary(ex: ExemplaryCase, *, actor) -> ExemplaryCase:
    """The province approves (someone other than the proposer: four eyes before publication)."""
    ex = ExemplaryCase.objects.select_for_update().select_related("province").get(pk=ex.pk)
    if not _province_staff(actor, ex.province):
        raise NotSuperior("只有省级机关的监督人员或负责人可以审核典型案例。")
    if actor.pk == ex.proposed_by_id:
        raise NotSuperior("推荐人不能审核自己推荐的典型案例。", code="exemplary_four_eyes")
    if ex.state != ExemplaryState.PROPOSED:
        raise RectificationStateConflict("该典型案例已审核。")
    ex.state = ExemplaryState.APPROVED
    ex.approved_by = actor
    ex.approved_at = timezone.now()
    ex.save(update_fields=["state", "approved_by", "approved_at"])
    journal.append(
        events.EXEMPLARY_APPROVED, actor=actor, subject=ex, agency=ex.province, payload={}
    )
    return ex


# --- reports to the ministry ---------------------------------------------------------------------


def _province_for(agency: Agency) -> Agency:
    from .selectors import province_of

    province = province_of(agency)
    if province is None:
        raise InvalidOversightInput("部级机关不属于任何省份。")
    return province


@transaction.atomic
def generate_report(*, province: Agency, period, actor) -> MinistryReport:
    """Make (or remake, while a draft) the province's report for `period` (core.report_periods)."""
    from .selectors import report_figures

    if not _province_staff(actor, province) or province.parent_id is None:
        raise NotSuperior("只有省级机关的监督人员或负责人可以生成本省报部报告。")
    if period is None:
        raise InvalidOversightInput("报告期格式有误（如 2026-11、2026-Q4 或 2026）。")
    if period.start > _today():
        raise InvalidOversightInput("报告期尚未开始。")
    figures = report_figures(province, period.start, period.end)
    report = (
        MinistryReport.objects.select_for_update()
        .filter(province=province, period_kind=period.kind, period_start=period.start)
        .first()
    )
    if report is not None and report.state != ReportState.DRAFT:
        raise ReportStateConflict("该报告期的报告已报部，不能重新生成。")
    if report is None:
        report = MinistryReport(
            province=province, period_kind=period.kind, period_start=period.start
        )
    report.period_end = period.end
    report.figures = figures
    report.generated_by = actor
    report.generated_at = timezone.now()
    report.save()
    journal.append(
        events.REPORT_GENERATED,
        actor=actor,
        subject=report,
        agency=province,
        payload={"period": period.code, "cases": figures["cases"]["total"]},
    )
    return report


@transaction.atomic
def submit_report(report: MinistryReport, *, actor) -> MinistryReport:
    """报部: the draft is submitted; the ministry's supervisors are told."""
    report = MinistryReport.objects.select_for_update().select_related("province").get(pk=report.pk)
    if not _province_staff(actor, report.province):
        raise NotSuperior("只有省级机关的监督人员或负责人可以报送本省报告。")
    if report.state != ReportState.DRAFT:
        raise ReportStateConflict("该报告已报部。")
    report.state = ReportState.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["state", "submitted_by", "submitted_at"])
    journal.append(
        events.REPORT_SUBMITTED, actor=actor, subject=report, agency=report.province, payload={}
    )
    ministry = report.province.parent
    people = User.objects.filter(agency=ministry, is_supervisor=True, is_active=True, admin_role="")
    notify(
        list(people),
        kind=NOTIFY_KIND,
        title=f"{report.province.name}已报送报告",
        body=f"报告期 {report.period_start:%Y-%m-%d} 至 {report.period_end:%Y-%m-%d}。",
        link=reverse("oversight:report", args=[report.pk]),
        subject=report,
    )
    return report
