"""Writes of complaints and 12328 work orders: intake, the flow of complaints-12328.md §4 through
the pure table in zhifa.core.complaint_flow, deadlines on the deadlines app, hand-offs (notification
+ the workbench group in selectors.py) and the journal — each act in one transaction."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.core import complaint_flow as flow
from zhifa.core.identifiers import phone_problem
from zhifa.core.text import forbidden_kind
from zhifa.deadlines.services import close_deadline, open_deadline
from zhifa.notifications.services import notify
from zhifa.orgs.models import Agency
from zhifa.records import journal
from zhifa.workcalendar.selectors import compute_deadline

from . import events
from .choices import (
    DEADLINE_CODES,
    Category,
    Channel,
    Finding,
    LimitUnit,
    Rating,
    State,
    SubjectType,
)
from .errors import (
    AlreadyRated,
    InvalidComplaint,
    NotYourOrder,
    StepNotAllowed,
    SupervisorRefused,
    TimeLimitsMissing,
    TimeLimitsRefused,
)
from .models import (
    CONTENT_MAX,
    Complaint,
    EvaluationCard,
    ProvinceTimeLimit,
    PublicSupervisor,
    supervisor_code_digest,
)
from .signals import case_link_changed

NOTIFY_KIND = "complaint.todo"
DEFAULT_DUPLICATE_DAYS = 30
_TAG = re.compile(r"<\s*[a-zA-Z!/?]")  # markup: never needed in a complaint, refused outright


# --- checks --------------------------------------------------------------------------------------


def clean_text(value, label: str, *, max_length: int, required: bool = False) -> str:
    """Trimmed text, or InvalidComplaint with a Chinese reason (hostile-input rules, issue 12 #6)."""
    text = (value or "") if isinstance(value, str) else ""
    if not isinstance(value, (str, type(None))):
        raise InvalidComplaint(f"{label}格式有误。", details={"field": label})
    text = text.strip()
    if required and not text:
        raise InvalidComplaint(f"请填写{label}。", details={"field": label})
    if len(text) > max_length:
        raise InvalidComplaint(
            f"{label}不能超过 {max_length} 个字。", details={"field": label, "max": max_length}
        )
    if forbidden_kind(text):
        raise InvalidComplaint(f"{label}含有不允许的字符，请删除后重试。", details={"field": label})
    if _TAG.search(text):
        raise InvalidComplaint(
            f"{label}不能包含网页标记（如尖括号标签），请用文字描述。", details={"field": label}
        )
    return text


def clean_phone(value) -> str:
    phone = clean_text(value, "联系电话", max_length=20, required=True)
    problem = phone_problem(phone)
    if problem:
        raise InvalidComplaint(f"{problem}。", details={"field": "联系电话"})
    return re.sub(r"[\s\-()（）]", "", phone)


def province_of(agency: Agency) -> Agency | None:
    """The provincial-level agency above `agency` (depth 1 of the path), or None for the ministry."""
    ids = [p for p in agency.path.split("/") if p]
    if len(ids) < 2:
        return None
    return agency if agency.pk == int(ids[1]) else Agency.objects.get(pk=int(ids[1]))


def clock_owner(agency: Agency) -> Agency | None:
    """Whose clocks an order taken in at `agency` runs on: its province's, or the ministry's own
    for the national channels taken in at the ministry (complaints-12328.md §5)."""
    return province_of(agency) or (agency if agency.parent_id is None else None)


def open_categories(province: Agency) -> list[str]:
    """The categories whose every clock the province (or the ministry) has set: its open channels."""
    have = list(
        ProvinceTimeLimit.objects.filter(province=province).values_list("category", "clock")
    )
    return [c for c in flow.CATEGORIES if not flow.missing_clocks(have, c)]


def limits_for(agency: Agency, category: str) -> dict[str, ProvinceTimeLimit]:
    """The province's clocks for `category`; TimeLimitsMissing when any is not configured
    (complaints-12328.md §5: no national default, the province's own 12328 rules give them)."""
    province = clock_owner(agency)
    rows = (
        {r.clock: r for r in ProvinceTimeLimit.objects.filter(province=province, category=category)}
        if province is not None
        else {}
    )
    missing = flow.missing_clocks([(category, c) for c in rows], category)
    if missing:
        raise TimeLimitsMissing(
            f"{province.name if province else '该机构'}尚未配置12328工单（{Category(category).label}）"
            "的办理时限，暂不能受理此类诉求。请省级交通运输主管部门依本省12328热线管理办法录入时限后再开通。",
            details={"missing": missing, "category": category},
        )
    return rows


def _new_tracking_code() -> str:
    return "".join(secrets.choice(flow.TRACKING_ALPHABET) for _ in range(flow.TRACKING_LENGTH))


def _staff(agency_id: int, *, conduct: bool = False) -> list[User]:
    """Who acts for an agency on work orders: its heads, and its officers unless the order is about
    an officer's conduct (spec §8.3: the officer's own team neither sees nor edits it)."""
    qs = User.objects.filter(agency_id=agency_id, is_active=True, admin_role="")
    users = [u for u in qs if u.is_agency_head or (u.is_officer and not conduct)]
    return users


def _link(c: Complaint) -> str:
    return reverse("complaints:detail", args=[c.pk])


def _hand_off(c: Complaint, agency_id: int, title: str, actor) -> None:
    people = [
        u
        for u in _staff(agency_id, conduct=c.subject_type == SubjectType.CONDUCT)
        if actor is None or u.pk != getattr(actor, "pk", None)
    ]
    notify(people, kind=NOTIFY_KIND, title=title, link=_link(c), subject=c)


def _open_clock(c: Complaint, clock: str, *, start, agency: Agency, actor, due=None):
    row = limits_for(c.intake_agency, c.category)[clock]
    if due is None:
        due = compute_deadline(start, row.amount, row.unit)
    return open_deadline(
        subject=c,
        agency=agency,
        code=DEADLINE_CODES[clock],
        start=start,
        due=due,
        actor=actor,
        basis=f"{row.province.name}：{row.basis}（{row.amount}{row.get_unit_display()}）",
        responsible=_staff(agency.pk, conduct=c.subject_type == SubjectType.CONDUCT),
    )


def _close_clock(c: Complaint, clock: str, actor, reason: str = "met") -> None:
    close_deadline(subject=c, code=DEADLINE_CODES[clock], actor=actor, reason=reason)


# --- intake --------------------------------------------------------------------------------------


@transaction.atomic
def receive(
    *,
    agency: Agency,
    channel: str,
    category: str,
    content,
    phone,
    complainant_name="",
    place="",
    occurred_on: date | None = None,
    subject_type: str = SubjectType.OTHER,
    certificate_number="",
    external_id="",
    actor=None,
    now=None,
    public_supervisor=None,
) -> Complaint:
    """Take a work order in at `agency` (the 12328 centre or the unit the public chose).

    The province's clocks must exist first (TimeLimitsMissing); a same-phone, same-agency order
    with a like text within ZHIFA_COMPLAINT_DUPLICATE_DAYS is linked as `duplicate_of`.
    """
    now = now or timezone.now()
    if channel not in Channel.values:
        raise InvalidComplaint("诉求渠道无法识别。", details={"field": "channel"})
    if (channel == Channel.PUBLIC_SUPERVISOR) != (public_supervisor is not None):
        # only a supervisor's own link files on their channel (report_as_public_supervisor)
        raise InvalidComplaint("社会监督员渠道只能通过监督员本人的专用链接提交。")
    if category not in Category.values:
        raise InvalidComplaint("请选择诉求类别。", details={"field": "category"})
    if subject_type not in SubjectType.values:
        raise InvalidComplaint("请选择投诉对象。", details={"field": "subject_type"})
    content = clean_text(content, "诉求内容", max_length=CONTENT_MAX, required=True)
    if len(content) < 5:
        raise InvalidComplaint("诉求内容过短，请说明事情经过（至少 5 个字）。")
    phone = clean_phone(phone)
    name = clean_text(complainant_name, "姓名", max_length=50)
    place = clean_text(place, "事发地点", max_length=200)
    certificate_number = clean_text(certificate_number, "执法证号", max_length=32)
    external_id = clean_text(external_id, "外部工单号", max_length=64)
    if occurred_on is not None and occurred_on > timezone.localdate(now):
        raise InvalidComplaint("事发日期不能晚于今天。", details={"field": "occurred_on"})
    limits_for(agency, category)  # no clocks, no channel

    officer = None
    if certificate_number:
        from zhifa.officers.models import Certificate

        cert = (
            Certificate.objects.select_related("officer__user")
            .filter(number=certificate_number)
            .first()
        )
        if cert is not None:
            officer = cert.officer
            subject_type = SubjectType.CONDUCT
    if external_id and Complaint.objects.filter(channel=channel, external_id=external_id).exists():
        raise InvalidComplaint("该外部工单号已提交过，不能重复提交。", code="duplicate_external_id")

    days = getattr(settings, "ZHIFA_COMPLAINT_DUPLICATE_DAYS", DEFAULT_DUPLICATE_DAYS)
    duplicate_of = None
    for earlier in Complaint.objects.filter(
        phone=phone, agency=agency, received_at__gte=now - timedelta(days=days)
    ).order_by("-received_at")[:20]:
        if flow.is_duplicate(content, earlier.content):
            duplicate_of = earlier.duplicate_of or earlier
            break

    for _attempt in range(5):
        try:
            with transaction.atomic():
                c = Complaint.objects.create(
                    tracking_code=_new_tracking_code(),
                    external_id=external_id,
                    channel=channel,
                    category=category,
                    subject_type=subject_type,
                    intake_agency=agency,
                    agency=agency,
                    complainant_name=name,
                    phone=phone,
                    content=content,
                    place=place,
                    occurred_on=occurred_on,
                    officer=officer,
                    certificate_number=certificate_number,
                    duplicate_of=duplicate_of,
                    public_supervisor=public_supervisor,
                    received_at=now,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover -- 31^10 codes
        raise InvalidComplaint("暂时无法生成查询码，请稍后重试。")
    _open_clock(c, flow.CLOCK_TRANSFER, start=now, agency=agency, actor=actor)
    journal.append(
        events.RECEIVED,
        actor=actor,
        subject=c,
        agency=agency,
        payload={
            "channel": channel,
            "category": category,
            "subject_type": c.subject_type,
            "officer_id": officer.pk if officer else None,
            "duplicate_of": duplicate_of.pk if duplicate_of else None,
            "external_id": external_id,
            "public_supervisor_id": public_supervisor.pk if public_supervisor else None,
        },
    )
    _hand_off(c, agency.pk, f"新的投诉举报工单待处理：{c.tracking_code}", actor)
    return c


# --- the flow ------------------------------------------------------------------------------------


def side_of(user, c: Complaint) -> set[str]:
    """Which sides of the order `user` may act for: the centre (the intake agency) and/or the unit."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "admin_role", ""):
        return set()
    conduct = c.subject_type == SubjectType.CONDUCT
    if not (user.is_agency_head or (user.is_officer and not conduct)):
        return set()
    sides = set()
    if user.agency_id == c.intake_agency_id:
        sides.add(flow.CENTRE)
    if user.agency_id == c.agency_id:
        sides.add(flow.UNIT)
    return sides


def allowed_actions(user, c: Complaint) -> list[flow.Action]:
    sides = side_of(user, c)
    acts = [a for a in flow.actions_from(c.state) if a.side in sides]
    if c.state == State.VISITED:
        rectify_open = c.rating == Rating.DISSATISFIED and c.rectified_at is None
        acts = [a for a in acts if a.code != "rectify" or rectify_open]
    return acts


@transaction.atomic
def step(
    complaint: Complaint,
    action: str,
    *,
    actor,
    text="",
    target: Agency | None = None,
    rating: str = "",
    finding: str = "",
    conduct_item=None,
    consequence: str = "",
    now=None,
) -> Complaint:
    """Move the order one step (the table in zhifa.core.complaint_flow decides what is allowed).
    Closing a complaint about a named officer takes the finding; when upheld, the conduct item
    breached and the consequence, recorded on the officer (`conduct_item`, `consequence`)."""
    now = now or timezone.now()
    c = (
        Complaint.objects.select_for_update()
        .select_related("intake_agency", "agency")
        .get(pk=complaint.pk)
    )
    act = flow.ACTIONS.get(action)
    if act is None:
        raise StepNotAllowed("无法识别的办理操作。")
    if act not in allowed_actions(actor, c):
        if act.side not in side_of(actor, c):
            raise NotYourOrder(
                "此操作应由" + ("受理机构" if act.side == flow.CENTRE else "承办单位") + "办理。"
            )
        raise StepNotAllowed(
            f"工单当前状态为“{c.get_state_display()}”，不能{act.label}。",
            details={"state": c.state, "action": action},
        )
    text = clean_text(text, "办理意见", max_length=CONTENT_MAX)
    previous_agency = c.agency
    new_state = flow.next_state(c.state, action)
    payload: dict = {"action": action, "from": c.state, "to": new_state}

    if action == "answer":
        if not text:
            raise InvalidComplaint("请填写答复内容。")
        c.answer, c.answered_at = text, now
        _close_clock(c, flow.CLOCK_TRANSFER, actor)
    elif action in ("transfer", "reroute"):
        if target is None:
            raise InvalidComplaint("请选择承办单位。")
        base = c.intake_agency if action == "transfer" else c.agency
        if not target.path.startswith(base.path) or (action == "reroute" and target == base):
            raise InvalidComplaint(
                "承办单位应为本机构或其下级机构。", details={"target": target.pk}
            )
        c.agency = target
        payload["agency_id"] = target.pk
        if action == "transfer":
            c.transferred_at = now
            _close_clock(c, flow.CLOCK_TRANSFER, actor)
            _open_clock(c, flow.CLOCK_ACCEPT, start=now, agency=target, actor=actor)
            d = _open_clock(c, flow.CLOCK_CLOSE, start=now, agency=target, actor=actor)
            c.close_due = d.due
        else:  # the clocks keep their days, the new unit answers for them
            for clock in (flow.CLOCK_ACCEPT, flow.CLOCK_CLOSE):
                old = close_deadline(
                    subject=c, code=DEADLINE_CODES[clock], actor=actor, reason="superseded"
                )
                if old is not None:
                    _open_clock(c, clock, start=old.start, agency=target, actor=actor, due=old.due)
        _hand_off(c, target.pk, f"投诉举报工单转办待签收：{c.tracking_code}", actor)
    elif action == "accept":
        c.accepted_at = now
        _close_clock(c, flow.CLOCK_ACCEPT, actor)
    elif action == "reply":
        if not text:
            raise InvalidComplaint("请填写办理结果（基本事实、处理经过和依据）。")
        c.reply, c.replied_at = text, now
        _close_clock(c, flow.CLOCK_CLOSE, actor)
        _hand_off(c, c.intake_agency_id, f"投诉举报工单已答复待审核：{c.tracking_code}", actor)
    elif action == "close":
        c.review_note, c.closed_at = text, now
        if needs_finding(c):
            payload.update(_record_finding(c, finding, conduct_item, consequence, actor, now))
        if c.category == Category.COMPLAINT:
            c.rechecked_at = now  # the closure review of a complaint order is its 复核 (§6.1 #7)
        _open_clock(c, flow.CLOCK_VISIT, start=now, agency=c.intake_agency, actor=actor)
    elif action == "send_back":
        if not text:
            raise InvalidComplaint("请写明退回重办的理由。")
        c.review_note = text
        c.redo_count += 1
        c.replied_at = None
        start = (
            timezone.localdate(c.transferred_at) if c.transferred_at else timezone.localdate(now)
        )
        _open_clock(
            c,
            flow.CLOCK_CLOSE,
            start=start,
            agency=c.agency,
            actor=actor,
            due=max(c.close_due or start, start),
        )
        _hand_off(c, c.agency_id, f"投诉举报工单被退回重办：{c.tracking_code}", actor)
    elif action == "visit":
        if rating not in Rating.values:
            raise InvalidComplaint("请选择回访满意度。")
        c.rating, c.visit_note, c.visited_at = rating, text, now
        _close_clock(c, flow.CLOCK_VISIT, actor)
        payload["rating"] = rating
        if rating == Rating.DISSATISFIED and c.state != State.ANSWERED:
            _hand_off(c, c.agency_id, f"投诉举报工单回访不满意，请整改：{c.tracking_code}", actor)
    elif action == "rectify":
        if not text:
            raise InvalidComplaint("请填写整改情况。")
        c.rectification, c.rectified_at = text, now
    elif action == "archive":
        c.archived_at = now
        close_deadline(subject=c, code="*", actor=actor, reason="archived")
    c.state = new_state
    c.save()
    journal.append(events.STEPPED, actor=actor, subject=c, agency=previous_agency, payload=payload)
    return c


def needs_finding(c: Complaint) -> bool:
    """A complaint that names an officer is closed with a finding (issue 12 item 3)."""
    return (
        c.officer_id is not None
        and c.subject_type == SubjectType.CONDUCT
        and c.category == Category.COMPLAINT
    )


def _record_finding(c: Complaint, finding: str, item, consequence: str, actor, now) -> dict:
    """The closure's finding; an upheld complaint becomes a conduct record on the officer through
    the officers app (source 投诉查实), linked both ways (Complaint.conduct_record ↔ .complaint)."""
    from zhifa.officers.choices import ConductConsequence, ConductSource
    from zhifa.officers.services import record_conduct_breach

    if finding not in Finding.values:
        raise InvalidComplaint("本工单投诉执法人员，办结时请选择投诉是否属实。")
    c.finding = finding
    if finding != Finding.UPHELD:
        return {"finding": finding}
    if item is None:
        raise InvalidComplaint("投诉属实的，请选择该执法人员违反的执法规范条目。")
    if consequence not in ConductConsequence.values:
        raise InvalidComplaint("投诉属实的，请选择处理方式。")
    received = timezone.localdate(c.received_at)
    record = record_conduct_breach(
        c.officer,
        item=item,
        occurred_on=c.occurred_on or received,
        facts=f"{received:%Y年%m月%d日}受理的投诉经查属实。办理结果：{c.reply or c.content}",
        source=ConductSource.COMPLAINT,
        consequence=consequence,
        actor=actor,
        today=timezone.localdate(now),
    )
    c.conduct_record = record
    return {"finding": finding, "conduct_record_id": record.pk}


# --- configuration -------------------------------------------------------------------------------


MAX_LIMIT = 366  # no 12328 clock runs longer than a year (a typo guard, not a rule)


def may_set_time_limits(user, province: Agency) -> bool:
    """The province's own supervisors set its clocks; the ministry's set the national channels'."""
    return bool(
        getattr(user, "is_authenticated", False)
        and not getattr(user, "admin_role", "")
        and getattr(user, "is_supervisor", False)
        and user.agency_id == province.pk
        and clock_owner(province) == province
    )


@transaction.atomic
def set_time_limit(
    *, province: Agency, category: str, clock: str, amount: int, unit: str, basis: str, actor
) -> ProvinceTimeLimit:
    """Enter one clock of a province from its own 12328 rules (no national default, spec §5).
    `actor` None is the command line (the operator's own authority)."""
    if clock_owner(province) != province:
        raise InvalidComplaint("时限只能按省级机构（或交通运输部的全国渠道）设置。")
    if actor is not None and not may_set_time_limits(actor, province):
        raise TimeLimitsRefused("只有本省（部）的执法监督人员可以设置12328工单办理时限。")
    if category not in Category.values or clock not in flow.CLOCKS:
        raise InvalidComplaint("诉求类别或办理环节无法识别。")
    if unit not in LimitUnit.values:
        raise InvalidComplaint("时限单位无法识别。")
    if not isinstance(amount, int) or not 1 <= amount <= MAX_LIMIT:
        raise InvalidComplaint(f"时限应为 1 至 {MAX_LIMIT} 之间的整数。")
    basis = clean_text(basis, "依据", max_length=200, required=True)
    row, _ = ProvinceTimeLimit.objects.update_or_create(
        province=province,
        category=category,
        clock=clock,
        defaults={"amount": amount, "unit": unit, "basis": basis},
    )
    journal.append(
        events.TIME_LIMIT_SET,
        actor=actor,
        subject=row,
        agency=province,
        payload={"category": category, "clock": clock, "amount": amount, "unit": unit},
    )
    return row


# --- evaluation cards ----------------------------------------------------------------------------


@transaction.atomic
def rate_document(
    *, code: str, agency: Agency, conduct, legality, attitude, comment=""
) -> EvaluationCard:
    scores = []
    for label, value in (("执法规范", conduct), ("依法办事", legality), ("态度作风", attitude)):
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise InvalidComplaint(f"请为“{label}”选择 1 至 5 分。")
        scores.append(score)
    comment = clean_text(comment, "意见", max_length=500)
    if EvaluationCard.objects.filter(document_code=code).exists():
        raise AlreadyRated("该文书已评议过，每份文书只能评议一次。")
    try:
        with transaction.atomic():
            card = EvaluationCard.objects.create(
                document_code=code,
                agency=agency,
                conduct=scores[0],
                legality=scores[1],
                attitude=scores[2],
                comment=comment,
            )
    except IntegrityError as exc:
        raise AlreadyRated("该文书已评议过，每份文书只能评议一次。") from exc
    journal.append(events.CARD_RATED, subject=card, agency=agency, payload={"scores": scores})
    return card


# --- social supervisors (社会监督员, issue 12 item 4) ----------------------------------------------

MAX_TERM_DAYS = 5 * 366  # a term of at most five years (a typo guard, not a rule)


def _require_head_of(actor, agency: Agency) -> None:
    if not (
        getattr(actor, "is_agency_head", False)
        and actor.agency_id == agency.pk
        and not getattr(actor, "admin_role", "")
    ):
        raise SupervisorRefused("只有本机构负责人可以聘任或解聘社会监督员。")


@transaction.atomic
def appoint_public_supervisor(
    *, agency: Agency, name, phone, term_starts_on: date, term_ends_on: date, actor
) -> tuple[PublicSupervisor, str]:
    """Appoint one supervisor for a term; returns the record and the personal code (shown once:
    only its digest is kept)."""
    _require_head_of(actor, agency)
    name = clean_text(name, "姓名", max_length=50, required=True)
    phone = clean_phone(phone)
    if not isinstance(term_starts_on, date) or not isinstance(term_ends_on, date):
        raise InvalidComplaint("请填写任期的起止日期。")
    if term_ends_on <= term_starts_on:
        raise InvalidComplaint("任期届满日期应晚于开始日期。")
    if (term_ends_on - term_starts_on).days > MAX_TERM_DAYS:
        raise InvalidComplaint("任期不能超过五年。")
    code = secrets.token_urlsafe(18)
    supervisor = PublicSupervisor.objects.create(
        agency=agency,
        name=name,
        phone=phone,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        code_digest=supervisor_code_digest(code),
        appointed_by=actor,
    )
    journal.append(
        events.SUPERVISOR_APPOINTED,
        actor=actor,
        subject=supervisor,
        agency=agency,
        payload={"term": [term_starts_on, term_ends_on]},
    )
    return supervisor, code


@transaction.atomic
def end_public_supervisor(supervisor: PublicSupervisor, *, reason, actor, today=None):
    """End a term early (the personal link stops working that day)."""
    _require_head_of(actor, supervisor.agency)
    reason = clean_text(reason, "终止原因", max_length=200, required=True)
    s = PublicSupervisor.objects.select_for_update().get(pk=supervisor.pk)
    if s.ended_on is not None:
        raise StepNotAllowed("该社会监督员的任期已经终止。")
    s.ended_on, s.end_reason = today or timezone.localdate(), reason
    s.save(update_fields=["ended_on", "end_reason"])
    journal.append(
        events.SUPERVISOR_ENDED,
        actor=actor,
        subject=s,
        agency=s.agency,
        payload={"ended_on": s.ended_on},
    )
    return s


def report_as_public_supervisor(
    supervisor: PublicSupervisor, *, category, content, place="", occurred_on=None, now=None
) -> Complaint:
    """A supervisor's report becomes a work order of the appointing agency on the supervisor's
    channel, linked to them (the caller found them by their code, serving today)."""
    now = now or timezone.now()
    if not supervisor.serves_on(timezone.localdate(now)):
        raise InvalidComplaint("该专用链接不在任期内，不能提交。")
    return receive(
        agency=supervisor.agency,
        channel=Channel.PUBLIC_SUPERVISOR,
        category=category,
        content=content,
        phone=supervisor.phone,
        complainant_name=supervisor.name,
        place=place,
        occurred_on=occurred_on,
        public_supervisor=supervisor,
        now=now,
    )


# --- the case a complaint is about (issue 13 item 8) ---------------------------------------------


def _require_linker(user, c: Complaint) -> None:
    """The staff handling the order (the centre or the unit, as for its steps) link it."""
    if not side_of(user, c):
        raise NotYourOrder("只有受理或承办本工单的执法人员和负责人可以关联案件。")


@transaction.atomic
def link_case(c: Complaint, *, actor, case_number: str = "", case=None) -> Complaint:
    """Record which case the complaint is about: by its case number within the actor's scope (or
    the case itself, from the case page). A complaint about a case feeds the complaint rate per
    agency and provision (supervision of APL Art. 75)."""
    from zhifa.cases.selectors import visible_cases

    _require_linker(actor, c)
    cases = visible_cases(actor)
    if case is not None:
        found = cases.filter(pk=case.pk).first()
    else:
        number = clean_text(case_number, "案件编号", max_length=64, required=True)
        found = cases.filter(case_number=number).first()
    if found is None:
        raise InvalidComplaint(
            "案件不存在或不在您的权限范围内，请核对案件编号。", code="complaint_case_not_found"
        )
    c = Complaint.objects.select_for_update().get(pk=c.pk)
    before = c.case_id
    if before == found.pk:
        return c
    c.case = found
    c.save(update_fields=["case"])
    journal.append(
        events.CASE_LINKED,
        actor=actor,
        subject=c,
        agency=c.agency,
        payload={"case": found.pk, "case_number": found.case_number, "before": before},
    )
    case_link_changed.send(
        Complaint, complaint=c, case_ids=[i for i in (before, found.pk) if i is not None]
    )
    return c


@transaction.atomic
def unlink_case(c: Complaint, *, actor) -> Complaint:
    _require_linker(actor, c)
    c = Complaint.objects.select_for_update().get(pk=c.pk)
    before = c.case_id
    if before is None:
        return c
    c.case = None
    c.save(update_fields=["case"])
    journal.append(
        events.CASE_UNLINKED, actor=actor, subject=c, agency=c.agency, payload={"case": before}
    )
    case_link_changed.send(Complaint, complaint=c, case_ids=[before])
    return c
