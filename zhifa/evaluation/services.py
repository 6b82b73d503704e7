"""Writes of 评议考核 and 案卷评查 (legal.md §E.6; T3): each act checks who may do it, runs in one
transaction with its journal entry, and tells the next person (notification + workbench group).

Who does what (T3 Arts. 2, 3, 11, 14, 19, 20):
- a province (or the ministry, or a directly administered system: depth ≤ 1) sets the scheme;
- a department's heads and supervisors open rounds over their direct subordinates or over their
  own officers, score them and decide appeals (the appellant's superior);
- the department above the organiser may re-check any result (T3 Art. 19);
- results are reported to the department above (T3 Art. 11);
- case-file review: a superior's heads or supervisors open it; the reviewer is a supervisor of the
  organiser or an agency above it, or a legal reviewer of the organiser appointed for the round;
  the reviewed agency's heads record their correction.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.core import evaluation as ev
from zhifa.core.calendar import NATURAL_DAYS
from zhifa.deadlines.services import close_deadline, open_deadline
from zhifa.notifications.services import notify
from zhifa.officers.models import Officer
from zhifa.orgs.models import Agency
from zhifa.records import journal
from zhifa.workcalendar.selectors import compute_deadline

from . import events, feeds
from .choices import (
    APPEAL_DEADLINE,
    AppealDecision,
    EvaluationState,
    ItemKind,
    ReviewState,
    RoundKind,
    RoundState,
    Target,
)
from .errors import InvalidEvaluation, InvalidScheme, NotEvaluator, WrongState
from .models import CaseFileReview, Evaluation, ReviewedCaseFile, Round, Scheme, SchemeItem

NOTIFY_KIND = "evaluation.todo"
CLOSED_STATES = ("closed", "archived")  # core State.CLOSED / State.ARCHIVED
MAX_SAMPLE = 500
TEXT_MAX = 2000


def _today() -> date:
    return timezone.localdate()


def _text(value, label: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidEvaluation(f"{label}格式有误。")
    text = (value or "").strip()
    if required and not text:
        raise InvalidEvaluation(f"请填写{label}。")
    if len(text) > max_length:
        raise InvalidEvaluation(f"{label}不能超过 {max_length} 个字。")
    return text


def _dec(value, label: str) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise InvalidEvaluation(f"{label}应为数字。") from exc


def _lead(user, agency_id: int) -> bool:
    """A head or supervisor of that agency."""
    return (
        getattr(user, "is_authenticated", False)
        and not user.admin_role
        and user.agency_id == agency_id
        and (user.is_agency_head or user.is_supervisor)
    )


def _leaders(agency_id: int, *, exclude=None) -> list[User]:
    qs = User.objects.filter(agency_id=agency_id, is_active=True, admin_role="").filter(
        Q(is_agency_head=True) | Q(is_supervisor=True)
    )
    return [u for u in qs if exclude is None or u.pk != exclude.pk]


def _tell(people, title: str, *, link: str, subject) -> None:
    """A hand-off: the people who must act next are told (in the act's transaction)."""
    notify(people, kind=NOTIFY_KIND, title=title, link=link, subject=subject)


def _heads(agency_id: int, *, exclude=None) -> list[User]:
    qs = User.objects.filter(
        agency_id=agency_id, is_active=True, admin_role="", is_agency_head=True
    )
    return [u for u in qs if exclude is None or u.pk != exclude.pk]


# --- schemes -------------------------------------------------------------------------------------


@transaction.atomic
def save_scheme(
    *,
    actor,
    name: str,
    year: int,
    items: list[dict],
    excellent_min=ev.DEFAULT_EXCELLENT_MIN,
    meets_min=ev.DEFAULT_MEETS_MIN,
    bonus_cap=ev.DEFAULT_BONUS_CAP,
    self_correction_relief=ev.DEFAULT_SELF_CORRECTION_RELIEF,
) -> Scheme:
    """A new scheme of the actor's province-level agency (T3 Art. 14: provinces and directly
    administered systems set items and weights)."""
    if not _lead(actor, actor.agency_id) or actor.agency.depth > 1:
        raise NotEvaluator(
            "评议考核方案由省级交通运输主管部门（或部、直属系统）的负责人或监督人员制定。"
        )
    name = _text(name, "方案名称", required=True, max_length=128)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidScheme("年度有误。")
    if not isinstance(items, list) or not items:
        raise InvalidScheme("请至少设置一个考核项目。")
    rows = []
    for n, raw in enumerate(items, 1):
        if not isinstance(raw, dict):
            raise InvalidScheme("考核项目格式有误。")
        kind = raw.get("kind")
        if kind not in ItemKind.values:
            raise InvalidScheme(f"第{n}个项目的类别无法识别。")
        automatic = kind == ItemKind.AUTOMATIC
        feed = _text(raw.get("feed"), "自动计分指标", max_length=48) if automatic else ""
        rows.append(
            SchemeItem(
                position=n,
                code=_text(raw.get("code") or f"i{n}", "项目编号", max_length=32),
                label=_text(raw.get("label"), "项目名称", required=True, max_length=200),
                kind=kind,
                weight=_dec(raw.get("weight"), "分值"),
                feed=feed,
                full_at=_dec(raw.get("full_at"), "满分值") if automatic else None,
                zero_at=_dec(raw.get("zero_at"), "零分值") if automatic else None,
            )
        )
    scheme = Scheme(
        owner=actor.agency,
        name=name,
        year=year,
        excellent_min=_dec(excellent_min, "优秀分数线"),
        meets_min=_dec(meets_min, "达标分数线"),
        bonus_cap=_dec(bonus_cap, "加分上限"),
        self_correction_relief=_dec(self_correction_relief, "自查自纠减扣比例"),
        created_by=actor,
    )
    core = ev.Scheme(
        tuple(r.as_core() for r in rows),
        scheme.excellent_min,
        scheme.meets_min,
        scheme.bonus_cap,
        scheme.self_correction_relief,
    )
    problems = ev.scheme_problems(core, feeds=feeds.FEEDS)
    if Scheme.objects.filter(owner=actor.agency, year=year, name=name).exists():
        problems.append("本年度已有同名方案")
    if problems:
        raise InvalidScheme("；".join(problems) + "。", details={"problems": problems})
    scheme.save()
    for r in rows:
        r.scheme = scheme
    SchemeItem.objects.bulk_create(rows)
    journal.append(
        events.SCHEME_SAVED,
        actor=actor,
        subject=scheme,
        agency=actor.agency,
        payload={
            "name": name,
            "year": year,
            "thresholds": [str(scheme.excellent_min), str(scheme.meets_min)],
            "bonus_cap": str(scheme.bonus_cap),
            "items": [
                {"code": r.code, "kind": r.kind, "weight": str(r.weight), "feed": r.feed}
                for r in rows
            ],
        },
    )
    return scheme


# --- rounds --------------------------------------------------------------------------------------


def _figures(e: Evaluation, rnd: Round) -> tuple[dict, dict]:
    start, end = rnd.period_start, rnd.period_end
    if e.officer_id:
        figures = feeds.figures_for(e.officer, Target.OFFICER, start, end)
        edits = feeds.closed_file_edits(e.agency, start, end, actor=e.officer.user)
    else:
        figures = feeds.figures_for(e.agency, Target.UNIT, start, end)
        edits = feeds.closed_file_edits(e.agency, start, end)
    return figures, ({"closed_file_edit": edits} if edits else {})


@transaction.atomic
def open_round(
    *,
    actor,
    scheme: Scheme,
    kind: str,
    target: str,
    title: str,
    period_start: date,
    period_end: date,
) -> Round:
    """Open a round over the organiser's direct subordinates or its own officers; each
    evaluation starts with its figures and the triggers the journal reveals."""
    organiser = actor.agency
    if not _lead(actor, organiser.pk):
        raise NotEvaluator("只有本机关负责人或监督人员可以组织评议考核。")
    if not organiser.path.startswith(scheme.owner.path):
        raise InvalidEvaluation("只能使用本机关或上级机关制定的考核方案。")
    if kind not in RoundKind.values or target not in Target.values:
        raise InvalidEvaluation("评议考核类别或对象无法识别。")
    if not isinstance(period_start, date) or not isinstance(period_end, date):
        raise InvalidEvaluation("考核期格式有误。")
    if period_end < period_start:
        raise InvalidEvaluation("考核期止不能早于考核期起。")
    rnd = Round.objects.create(
        scheme=scheme,
        organiser=organiser,
        kind=kind,
        target=target,
        title=_text(title, "名称", required=True, max_length=128),
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    if target == Target.UNIT:
        subjects = [(a, None) for a in Agency.objects.filter(parent=organiser).order_by("path")]
    else:
        officers = Officer.objects.filter(user__agency=organiser, user__is_active=True)
        subjects = [(organiser, o) for o in officers.select_related("user").order_by("id")]
    if not subjects:
        raise InvalidEvaluation(
            "没有可考核的对象（本机关没有下级执法部门）。"
            if target == Target.UNIT
            else "没有可考核的对象（本机关没有执法人员）。"
        )
    for agency, officer in subjects:
        e = Evaluation(round=rnd, agency=agency, officer=officer)
        e.figures, e.found_triggers = _figures(e, rnd)
        e.save()
    journal.append(
        events.ROUND_OPENED,
        actor=actor,
        subject=rnd,
        agency=organiser,
        payload={
            "scheme": scheme.pk,
            "kind": kind,
            "target": target,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "subjects": len(subjects),
        },
    )
    return rnd


def _marks(raw: dict, scheme: Scheme) -> dict[str, ev.Mark]:
    if not isinstance(raw, dict):
        raise InvalidEvaluation("评分格式有误。")
    known = {i.code for i in scheme.items.all() if i.kind == ItemKind.STANDARD}
    out = {}
    for code, value in raw.items():
        if code not in known:
            raise InvalidEvaluation("评分项目无法识别。", details={"item": code})
        value = value if isinstance(value, dict) else {"deduction": value}
        out[code] = ev.Mark(
            _dec(value.get("deduction"), "扣分"),
            _text(value.get("note"), "扣分理由", max_length=500),
            bool(value.get("self_corrected")),
        )
    return out


def _rescore(e: Evaluation, *, marks=None, bonus=None, triggers=None) -> ev.Result:
    """Score again, keeping whatever of the earlier marks, bonus and triggers is not given."""
    return _apply_score(
        e,
        marks=e.marks if marks is None else marks,
        bonus=e.bonus if bonus is None else bonus,
        triggers=e.triggers if triggers is None else triggers,
    )


def _apply_score(e: Evaluation, *, marks, bonus, triggers) -> ev.Result:
    rnd = e.round
    scheme = rnd.scheme
    manual = [t for t in (triggers or []) if t not in ev.AUTOMATIC_TRIGGERS]
    if not isinstance(bonus, dict):
        raise InvalidEvaluation("加分格式有误。")
    e.figures, e.found_triggers = _figures(e, rnd)
    found = sorted(set(manual) | set(e.found_triggers))
    parsed = _marks(marks or {}, scheme)
    result = ev.score(
        scheme.as_core(),
        marks=parsed,
        figures=e.figures,
        bonus={k: _dec(v, "加分") for k, v in bonus.items()},
        triggers=found,
    )
    e.marks = {
        k: {"deduction": str(m.deduction), "note": m.note, "self_corrected": m.self_corrected}
        for k, m in parsed.items()
    }
    e.bonus = {k: str(_dec(v, "加分")) for k, v in bonus.items()}
    e.triggers = list(result.triggers)
    e.lines = [
        {
            "code": ln.code,
            "label": ln.label,
            "kind": ln.kind,
            "weight": str(ln.weight),
            "points": str(ln.points),
            "why": ln.why,
        }
        for ln in result.lines
    ]
    e.total, e.band = result.total, result.band
    return result


def _appellant(user, e: Evaluation) -> bool:
    """The evaluated officer, or a head of the evaluated unit."""
    if not getattr(user, "is_authenticated", False) or user.admin_role:
        return False
    if e.officer_id:
        return e.officer.user_id == user.pk
    return user.agency_id == e.agency_id and user.is_agency_head


def _above(user, organiser: Agency) -> bool:
    """A head or supervisor of a department above the organiser (T3 Art. 19)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and not user.admin_role
        and (user.is_agency_head or user.is_supervisor)
        and organiser.path.startswith(user.agency.path)
        and user.agency_id != organiser.pk
    )


def is_organiser_lead(user, rnd: Round) -> bool:
    return _lead(user, rnd.organiser_id) and rnd.state == RoundState.OPEN


def allowed(user, e: Evaluation) -> dict[str, bool]:
    """Which acts `user` may take on `e` now (the page shows only those forms)."""
    lead = _lead(user, e.round.organiser_id)
    return {
        "score": lead and e.state == EvaluationState.PENDING,
        "appeal": _appellant(user, e) and e.state == EvaluationState.SCORED,
        "decide": lead and e.state == EvaluationState.APPEALED,
        "recheck": _above(user, e.round.organiser)
        and e.state in (EvaluationState.SCORED, EvaluationState.FINAL),
    }


def _evaluated_people(e: Evaluation, *, exclude=None) -> list[User]:
    if e.officer_id:
        return [e.officer.user] if e.officer.user_id != getattr(exclude, "pk", None) else []
    return _heads(e.agency_id, exclude=exclude)


def _link(e: Evaluation) -> str:
    return reverse("evaluation:evaluation", args=[e.pk])


@transaction.atomic
def score_evaluation(
    evaluation: Evaluation, *, actor, marks: dict, bonus: dict | None = None, triggers=()
) -> Evaluation:
    """The evaluator's marks → total and band (T3 Arts. 14–18); opens the 15-day appeal window."""
    e = Evaluation.objects.select_for_update().select_related("round__scheme").get(pk=evaluation.pk)
    if not _lead(actor, e.round.organiser_id):
        raise NotEvaluator("只有组织评议考核的机关负责人或监督人员可以评分。")
    if e.state != EvaluationState.PENDING:
        raise WrongState("该考核结果已评分。")
    result = _apply_score(e, marks=marks, bonus=bonus or {}, triggers=triggers)
    e.state = EvaluationState.SCORED
    e.evaluator, e.scored_at = actor, timezone.now()
    e.save()
    # T3 Art. 20: "十五日内" — natural days (the article does not say working days); the calendar
    # moves a last day that falls on a holiday to the next working day.
    start = timezone.localdate(e.scored_at)
    open_deadline(
        subject=e,
        agency=e.agency,
        code=APPEAL_DEADLINE,
        start=start,
        due=compute_deadline(start, ev.APPEAL_DAYS, NATURAL_DAYS),
        actor=actor,
        responsible=_evaluated_people(e),
    )
    journal.append(
        events.SCORED,
        actor=actor,
        subject=e,
        agency=e.round.organiser,
        payload={
            "round": e.round_id,
            "agency": e.agency_id,
            "officer": e.officer_id,
            "total": str(result.total),
            "band": result.band,
            "triggers": list(result.triggers),
            "figures": e.figures,
            "marks": e.marks,
            "bonus": e.bonus,
        },
    )
    _tell(
        _evaluated_people(e, exclude=actor),
        f"{e.round.title}结果：{result.total}分，{result.band_label}（可在十五日内申诉）",
        link=_link(e),
        subject=e,
    )
    return e


def appeal_due(e: Evaluation):
    from zhifa.deadlines.models import Deadline

    row = (
        Deadline.objects.filter(
            subject_type=Evaluation._meta.label_lower, subject_id=str(e.pk), code=APPEAL_DEADLINE
        )
        .order_by("-id")
        .first()
    )
    return row.due if row else None


@transaction.atomic
def appeal(evaluation: Evaluation, *, actor, reason: str, as_of: date | None = None) -> Evaluation:
    """The evaluated unit's head (or the evaluated officer) appeals within 15 days (T3 Art. 20)."""
    e = Evaluation.objects.select_for_update().select_related("round").get(pk=evaluation.pk)
    if not _appellant(actor, e):
        raise NotEvaluator("只有被考核单位负责人或被考核执法人员本人可以申诉。")
    if e.state != EvaluationState.SCORED:
        raise WrongState("该考核结果当前不能申诉。")
    day, due = as_of or _today(), appeal_due(e)
    if due is not None and day > due:
        raise WrongState(
            f"申诉期已于{due:%Y年%m月%d日}届满（《交通运输行政执法评议考核规定》第二十条）。"
        )
    e.appeal_reason = _text(reason, "申诉理由", required=True)
    e.appealed_by, e.appealed_at = actor, timezone.now()
    e.state = EvaluationState.APPEALED
    e.save(update_fields=["appeal_reason", "appealed_by", "appealed_at", "state"])
    close_deadline(subject=e, code=APPEAL_DEADLINE, actor=actor, reason="met")
    journal.append(
        events.APPEALED,
        actor=actor,
        subject=e,
        agency=e.agency,
        payload={"round": e.round_id, "reason": e.appeal_reason},
    )
    _tell(
        _leaders(e.round.organiser_id, exclude=actor),
        f"{e.subject_name}对{e.round.title}结果提出申诉，请复核",
        link=_link(e),
        subject=e,
    )
    return e


@transaction.atomic
def decide_appeal(
    evaluation: Evaluation,
    *,
    actor,
    decision: str,
    note: str,
    marks: dict | None = None,
    bonus: dict | None = None,
    triggers=None,
) -> Evaluation:
    """The organiser (the appellant's superior) upholds or changes the result."""
    e = Evaluation.objects.select_for_update().select_related("round__scheme").get(pk=evaluation.pk)
    if not _lead(actor, e.round.organiser_id):
        raise NotEvaluator("只有组织评议考核的机关负责人或监督人员可以复核申诉。")
    if e.state != EvaluationState.APPEALED:
        raise WrongState("该考核结果没有待复核的申诉。")
    if decision not in AppealDecision.values:
        raise InvalidEvaluation("复核结论无法识别。")
    before = (str(e.total), e.band)
    if decision == AppealDecision.CHANGED:
        _rescore(e, marks=marks, bonus=bonus, triggers=triggers)
    e.appeal_decision = decision
    e.appeal_note = _text(note, "复核意见", required=True)
    e.appeal_decided_by, e.appeal_decided_at = actor, timezone.now()
    e.state = EvaluationState.FINAL
    e.save()
    journal.append(
        events.APPEAL_DECIDED,
        actor=actor,
        subject=e,
        agency=e.round.organiser,
        payload={
            "decision": decision,
            "note": e.appeal_note,
            "before": list(before),
            "after": [str(e.total), e.band],
        },
    )
    _tell(
        _evaluated_people(e, exclude=actor),
        f"{e.round.title}申诉复核：{e.get_appeal_decision_display()}，{e.total}分 {e.get_band_display()}",
        link=_link(e),
        subject=e,
    )
    return e


@transaction.atomic
def recheck(
    evaluation: Evaluation, *, actor, note: str, marks=None, bonus=None, triggers=None
) -> Evaluation:
    """A department above the organiser re-checks a result (T3 Art. 19): confirms it, or with new
    marks changes it."""
    e = (
        Evaluation.objects.select_for_update()
        .select_related("round__organiser")
        .get(pk=evaluation.pk)
    )
    organiser = e.round.organiser
    if not _above(actor, organiser):
        raise NotEvaluator("只有组织机关的上级机关负责人或监督人员可以复查。")
    if e.state not in (EvaluationState.SCORED, EvaluationState.FINAL):
        raise WrongState("该考核结果尚未评分或正在复核申诉。")
    before = (str(e.total), e.band)
    if marks is not None or bonus is not None or triggers is not None:
        _rescore(e, marks=marks, bonus=bonus, triggers=triggers)
    e.recheck_note = _text(note, "复查意见", required=True)
    e.rechecked_by, e.rechecked_at = actor, timezone.now()
    e.save()
    journal.append(
        events.RECHECKED,
        actor=actor,
        subject=e,
        agency=actor.agency,
        payload={"note": e.recheck_note, "before": list(before), "after": [str(e.total), e.band]},
    )
    people = _leaders(organiser.pk, exclude=actor) + _evaluated_people(e, exclude=actor)
    _tell(
        people,
        f"上级复查{e.round.title}（{e.subject_name}）：{e.total}分 {e.get_band_display()}",
        link=_link(e),
        subject=e,
    )
    return e


@transaction.atomic
def report_round(rnd: Round, *, actor, as_of: date | None = None) -> Round:
    """Report the results to the department above (T3 Art. 11). Every result must be settled:
    scored with its appeal window past, or its appeal decided."""
    rnd = Round.objects.select_for_update().select_related("organiser").get(pk=rnd.pk)
    if not _lead(actor, rnd.organiser_id):
        raise NotEvaluator("只有组织评议考核的机关负责人或监督人员可以报送结果。")
    if rnd.state != RoundState.OPEN:
        raise WrongState("该评议考核结果已报送。")
    day = as_of or _today()
    rows = list(rnd.evaluations.select_for_update())
    waiting = [e for e in rows if e.state in (EvaluationState.PENDING, EvaluationState.APPEALED)]
    if waiting:
        raise WrongState(f"尚有{len(waiting)}个考核结果未评分或申诉未复核，不能报送。")
    open_window = [
        e for e in rows if e.state == EvaluationState.SCORED and (appeal_due(e) or day) >= day
    ]
    if open_window:
        raise WrongState(f"尚有{len(open_window)}个考核结果在申诉期内，期满后再报送。")
    for e in rows:
        if e.state == EvaluationState.SCORED:
            e.state = EvaluationState.FINAL
            e.save(update_fields=["state"])
            close_deadline(subject=e, code=APPEAL_DEADLINE, actor=actor, reason="lapsed")
    rnd.state, rnd.reported_at = RoundState.REPORTED, timezone.now()
    rnd.save(update_fields=["state", "reported_at"])
    bands: dict[str, int] = {}
    for e in rows:
        bands[e.band] = bands.get(e.band, 0) + 1
    journal.append(
        events.ROUND_REPORTED,
        actor=actor,
        subject=rnd,
        agency=rnd.organiser,
        payload={
            "to": rnd.organiser.parent_id,
            "results": [[e.pk, str(e.total), e.band] for e in rows],
            "bands": bands,
        },
    )
    if rnd.organiser.parent_id:
        _tell(
            _leaders(rnd.organiser.parent_id, exclude=actor),
            f"{rnd.organiser.name}报送{rnd.title}结果",
            link=reverse("evaluation:round", args=[rnd.pk]),
            subject=rnd,
        )
    return rnd


# --- case-file review (案卷评查) ------------------------------------------------------------------


def _may_review(user, organiser: Agency, scope: Agency) -> bool:
    """A supervisor of the organiser or an agency above it, or the organiser's legal reviewer; in
    every case seated above the reviewed agencies, so the usual case scope lets them read."""
    if not getattr(user, "is_active", False) or user.admin_role:
        return False
    if not scope.path.startswith(user.agency.path):
        return False
    supervisor = user.is_supervisor and organiser.path.startswith(user.agency.path)
    reviewer = user.is_legal_reviewer and user.agency_id == organiser.pk
    return bool(supervisor or reviewer)


@transaction.atomic
def open_review(
    *,
    actor,
    scope: Agency,
    reviewer: User,
    title: str,
    period_start: date,
    period_end: date,
    size: int,
    seed: str = "",
) -> CaseFileReview:
    """Draw the sample: closed and archived cases of the agencies below the organiser within
    `scope` whose last step (closing or archiving) falls in the period, stratified by agency and provision, from a recorded seed."""
    from zhifa.cases.models import Case

    organiser = actor.agency
    if not _lead(actor, organiser.pk):
        raise NotEvaluator("只有本机关负责人或监督人员可以组织案卷评查。")
    if not scope.path.startswith(organiser.path):
        raise InvalidEvaluation("评查范围应为本机关或其下级机构。")
    if not _may_review(reviewer, organiser, scope):
        raise InvalidEvaluation(
            "评查人员应为本机关或上级机关的监督人员，或本机关指定的法制审核人员。"
        )
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        raise InvalidEvaluation(f"抽取数量应在1到{MAX_SAMPLE}之间。")
    if period_end < period_start:
        raise InvalidEvaluation("结案期止不能早于结案期起。")
    seed = _text(seed, "抽样种子", max_length=64) or secrets.token_hex(8)
    population = [
        ev.Candidate(pk, agency_id, provision_id)
        for pk, agency_id, provision_id in Case.objects.exclude(agency=organiser)
        .filter(
            agency__path__startswith=scope.path,
            state__in=CLOSED_STATES,
            last_step_on__gte=period_start,
            last_step_on__lte=period_end,
        )
        .values_list("pk", "agency_id", "provision_id")
    ]
    if not population:
        raise InvalidEvaluation("该范围和期间内没有已结案或已归档的案件。")
    sample = ev.draw_sample(population, size, seed)
    review = CaseFileReview.objects.create(
        organiser=organiser,
        scope=scope,
        title=_text(title, "名称", required=True, max_length=128),
        period_start=period_start,
        period_end=period_end,
        seed=seed,
        size=len(sample),  # never more than the population holds
        population=len(population),
        reviewer=reviewer,
        created_by=actor,
    )
    ReviewedCaseFile.objects.bulk_create(
        ReviewedCaseFile(
            review=review, case_id=c.case_id, agency_id=c.agency_id, provision_id=c.provision_id
        )
        for c in sample
    )
    journal.append(
        events.REVIEW_OPENED,
        actor=actor,
        subject=review,
        agency=organiser,
        payload={
            "scope": scope.pk,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "seed": seed,
            "size": size,
            "population": len(population),
            "cases": [c.case_id for c in sample],
            "reviewer": reviewer.pk,
        },
    )
    _tell(
        [reviewer] if reviewer.pk != actor.pk else [],
        f"{review.title}：请评查抽取的{len(sample)}份案卷",
        link=reverse("evaluation:review", args=[review.pk]),
        subject=review,
    )
    return review


@transaction.atomic
def score_case_file(reviewed: ReviewedCaseFile, *, actor, findings: list[dict]) -> ReviewedCaseFile:
    """The reviewer scores one file against the checklist; findings go back to the agency."""
    r = (
        ReviewedCaseFile.objects.select_for_update()
        .select_related("review", "case")
        .get(pk=reviewed.pk)
    )
    if actor.pk != r.review.reviewer_id:
        raise NotEvaluator("只有本次评查指定的评查人员可以评分。")
    if r.state != ReviewState.PENDING:
        raise WrongState("该案卷已评查。")
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        raise InvalidEvaluation("评查意见格式有误。")
    parsed = [
        ev.Finding(
            str(f.get("code", "")),
            _dec(f.get("deduction"), "扣分"),
            _text(f.get("note"), "问题描述", max_length=500),
        )
        for f in findings
    ]
    r.score = ev.review_score(parsed)
    r.findings = [
        {
            "code": f.code,
            "label": ev.CHECKLIST_BY_CODE[f.code].label,
            "deduction": str(f.deduction),
            "note": f.note,
        }
        for f in parsed
        if f.deduction or f.note
    ]
    problems = any(f.deduction for f in parsed)
    r.state = ReviewState.RETURNED if problems else ReviewState.PASSED
    r.scored_at = timezone.now()
    r.save(update_fields=["score", "findings", "state", "scored_at"])
    journal.append(
        events.REVIEW_SCORED,
        actor=actor,
        subject=r,
        agency=r.agency,
        payload={
            "review": r.review_id,
            "case_id": r.case_id,
            "score": str(r.score),
            "findings": r.findings,
        },
    )
    if problems:
        _tell(
            _heads(r.agency_id, exclude=actor),
            f"案卷评查发现问题，请整改：{r.case.case_number or r.case_id}（{r.score}分）",
            link=reverse("evaluation:reviewed_case", args=[r.pk]),
            subject=r,
        )
    return r


@transaction.atomic
def record_correction(reviewed: ReviewedCaseFile, *, actor, correction: str) -> ReviewedCaseFile:
    """The reviewed agency's head records how the findings were corrected."""
    r = (
        ReviewedCaseFile.objects.select_for_update()
        .select_related("review", "case")
        .get(pk=reviewed.pk)
    )
    if not (actor.agency_id == r.agency_id and actor.is_agency_head and not actor.admin_role):
        raise NotEvaluator("只有被评查案件所属机构的负责人可以登记整改情况。")
    if r.state != ReviewState.RETURNED:
        raise WrongState("该案卷没有待整改的评查问题。")
    r.correction = _text(correction, "整改情况", required=True)
    r.corrected_by, r.corrected_at = actor, timezone.now()
    r.state = ReviewState.CORRECTED
    r.save(update_fields=["correction", "corrected_by", "corrected_at", "state"])
    journal.append(
        events.REVIEW_CORRECTED,
        actor=actor,
        subject=r,
        agency=r.agency,
        payload={"review": r.review_id, "case_id": r.case_id, "correction": r.correction},
    )
    _tell(
        [r.review.reviewer] if r.review.reviewer_id != actor.pk else [],
        f"案卷评查问题已整改：{r.case.case_number or r.case_id}",
        link=reverse("evaluation:reviewed_case", args=[r.pk]),
        subject=r,
    )
    return r
