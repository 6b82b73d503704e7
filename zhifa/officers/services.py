"""Writes to officer records. Recorded by a system administrator or decided by an agency head."""

from datetime import date

from django.db import transaction

from zhifa.accounts.choices import AdminRole
from zhifa.core.errors import PermissionDenied
from zhifa.records import journal

from .choices import CertificateKind, CertificateStatus
from .errors import CertificateNumberTaken, InvalidCertificate, InvalidSuspension, NotAnOfficer
from .models import Certificate, Officer, Suspension


def _require_manager(actor, officer_agency) -> None:
    """People who keep officer records: the system administrator, or an agency head, over the
    officer's agency. Commands pass actor=None."""
    if actor is None:
        return
    in_scope = officer_agency.is_within(actor.agency)
    if not in_scope or not (actor.admin_role == AdminRole.SYSTEM or actor.is_agency_head):
        raise PermissionDenied("无权管理该执法人员的资格信息。")


@transaction.atomic
def register_officer(user, *, badge_number: str = "", actor=None) -> Officer:
    _require_manager(actor, user.agency)
    if not user.is_officer:
        raise NotAnOfficer("该账户不具有执法人员角色，请先由安全管理员授予角色。")
    officer, created = Officer.objects.get_or_create(
        user=user, defaults={"badge_number": badge_number}
    )
    if created:
        journal.append(
            "officer.created",
            actor=actor,
            subject=officer,
            agency=user.agency,
            payload={"user_id": user.pk, "badge_number": badge_number},
        )
    return officer


@transaction.atomic
def issue_certificate(
    officer: Officer,
    *,
    number: str,
    issuing_body: str,
    issued_on: date,
    valid_until: date,
    kind: str = CertificateKind.TRANSPORT,
    categories: str = "",
    sectors=None,
    territory=None,
    last_reviewed_on: date | None = None,
    actor=None,
) -> Certificate:
    """`sectors` (law.Sector codes) default to those named in `categories` (T2 Arts. 22–23);
    `territory` is an orgs.Region or None (the issuing system's whole jurisdiction)."""
    _require_manager(actor, officer.user.agency)
    sectors = _sectors(categories, sectors)
    number = (number or "").strip()
    if not number or not issuing_body:
        raise InvalidCertificate("证号和发证机关不能为空。")
    if kind not in CertificateKind.values:
        raise InvalidCertificate("证件类型无效。")
    if valid_until < issued_on:
        raise InvalidCertificate("有效期截止日期不能早于发证日期。")
    if Certificate.objects.filter(number=number).exists():
        raise CertificateNumberTaken(f"证号“{number}”已存在。")
    cert = Certificate.objects.create(
        officer=officer,
        number=number,
        kind=kind,
        issuing_body=issuing_body,
        categories=categories,
        sectors=sectors,
        territory=territory,
        last_reviewed_on=last_reviewed_on,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    journal.append(
        "certificate.issued",
        actor=actor,
        subject=cert,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "number": number,
            "kind": kind,
            "issuing_body": issuing_body,
            "issued_on": issued_on,
            "valid_until": valid_until,
            "sectors": sectors,
            "territory": territory.name if territory is not None else "",
        },
    )
    return cert


def _sectors(categories: str, sectors) -> list[str]:
    """Sector codes from explicit codes, else from the category names printed on the certificate."""
    import re

    from zhifa.law.choices import Sector

    if sectors is None:
        by_label = {str(label): value for value, label in Sector.choices}
        names = [n for n in re.split(r"[、，,；;/\s]+", categories or "") if n]
        unknown = [n for n in names if n not in by_label]
        if unknown:
            raise InvalidCertificate(
                f"无法识别的执法门类：{'、'.join(unknown)}", code="certificate_category_unknown"
            )
        sectors = [by_label[n] for n in names]
    sectors = list(dict.fromkeys(sectors))
    if any(s not in Sector.values for s in sectors):
        raise InvalidCertificate("执法门类无效。", code="certificate_category_unknown")
    return sectors


@transaction.atomic
def record_annual_review(certificate: Certificate, *, reviewed_on: date, actor=None) -> Certificate:
    """Record a passed annual review (年度审验, T2 Arts. 27–30): the certificate counts for one
    more year from `reviewed_on`. A failed review is a suspension (T2 Art. 31), not recorded here."""
    officer = certificate.officer
    _require_manager(actor, officer.user.agency)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if reviewed_on < certificate.issued_on:
        raise InvalidCertificate("年度审验日期不能早于发证日期。")
    if certificate.last_reviewed_on is not None and reviewed_on < certificate.last_reviewed_on:
        raise InvalidCertificate("年度审验日期不能早于上次审验日期。")
    old = certificate.last_reviewed_on
    certificate.last_reviewed_on = reviewed_on
    certificate.save(update_fields=["last_reviewed_on"])
    journal.append(
        "certificate.reviewed",
        actor=actor,
        subject=certificate,
        agency=officer.user.agency,
        payload={"number": certificate.number, "old": old, "reviewed_on": reviewed_on},
    )
    return certificate


@transaction.atomic
def change_certificate_status(
    certificate: Certificate, *, status: str, reason: str, actor=None
) -> Certificate:
    """Suspend (暂扣), revoke (吊销), cancel (注销), report lost or restore a certificate (T2 Arts. 24–33)."""
    officer = certificate.officer
    _require_manager(actor, officer.user.agency)
    if status not in CertificateStatus.values:
        raise InvalidCertificate("证件状态无效。")
    if not reason:
        raise InvalidCertificate("变更证件状态须写明事由。")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        # T2 Art. 34: after revocation the holder may never apply again; nothing restores it.
        raise InvalidCertificate("已吊销的证件不得恢复。", code="certificate_revoked")
    old = certificate.status
    certificate.status = status
    certificate.save(update_fields=["status"])
    journal.append(
        "certificate.status_changed",
        actor=actor,
        subject=certificate,
        agency=officer.user.agency,
        payload={"number": certificate.number, "old": old, "new": status, "reason": reason},
    )
    return certificate


@transaction.atomic
def suspend_officer(
    officer: Officer, *, reason: str, starts_on: date, ends_on: date | None = None, actor=None
) -> Suspension:
    _require_manager(actor, officer.user.agency)
    if not reason:
        raise InvalidSuspension("暂停执法须写明事由。")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidSuspension("截止日期不能早于起始日期。")
    suspension = Suspension.objects.create(
        officer=officer, reason=reason, starts_on=starts_on, ends_on=ends_on, decided_by=actor
    )
    journal.append(
        "suspension.started",
        actor=actor,
        subject=suspension,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "reason": reason,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return suspension


@transaction.atomic
def lift_suspension(
    suspension: Suspension, *, lifted_on: date, reason: str, actor=None
) -> Suspension:
    officer = suspension.officer
    _require_manager(actor, officer.user.agency)
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_on is not None:
        raise InvalidSuspension("该暂停执法已解除。", code="suspension_already_lifted")
    if lifted_on < suspension.starts_on:
        raise InvalidSuspension("解除日期不能早于起始日期。")
    if not reason:
        raise InvalidSuspension("解除暂停执法须写明事由。")
    suspension.lifted_on = lifted_on
    suspension.lifted_reason = reason
    suspension.save(update_fields=["lifted_on", "lifted_reason"])
    journal.append(
        "suspension.lifted",
        actor=actor,
        subject=suspension,
        agency=officer.user.agency,
        payload={"officer_id": officer.pk, "lifted_on": lifted_on, "reason": reason},
    )
    return suspension


# --- training, assessments, conduct (issue 14 items 1–3) -------------------------------------


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _decimal(value, what: str, error):
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise error(f"{what}须为数字。") from None
    if not number.is_finite() or abs(number) >= 10**9:
        raise error(f"{what}须为数字。")
    # one decimal, as stored: what is checked is what is kept
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _text(value, what: str, error, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise error(f"{what}不能为空。")
    if len(value) > max_length:
        raise error(f"{what}不超过{max_length}个字符。")
    return value


@transaction.atomic
def create_training_plan(agency, *, year: int, title: str, actor=None):
    """An agency's yearly training plan (T5: 60 class hours a year; T2 Art. 26)."""
    from .errors import InvalidTraining
    from .models import TrainingPlan

    _require_manager(actor, agency)
    title = _text(title, "计划名称", InvalidTraining, 128)
    if not (2000 <= int(year) <= 2100):
        raise InvalidTraining("年度须在2000至2100年之间。")
    if TrainingPlan.objects.filter(agency=agency, year=year).exists():
        raise InvalidTraining(f"{year}年度培训计划已存在。", code="training_plan_exists")
    plan = TrainingPlan.objects.create(agency=agency, year=year, title=title, created_by=actor)
    journal.append(
        "training_plan.created",
        actor=actor,
        subject=plan,
        agency=agency,
        payload={"year": year, "title": title},
    )
    return plan


@transaction.atomic
def add_training_course(
    agency,
    *,
    title: str,
    kind: str,
    provider: str,
    hours,
    planned_on: date,
    plan=None,
    actor=None,
):
    from .choices import TrainingKind
    from .errors import InvalidTraining
    from .models import TrainingCourse

    _require_manager(actor, agency)
    if plan is not None and (plan.agency_id != agency.pk or plan.year != planned_on.year):
        raise InvalidTraining("课程日期须在该培训计划的年度内。")
    if kind not in TrainingKind.values:
        raise InvalidTraining("培训类别无效。")
    hours = _decimal(hours, "学时", InvalidTraining)
    if not (0 < hours <= 9999):
        raise InvalidTraining("学时必须大于零。", code="training_hours_invalid")
    course = TrainingCourse.objects.create(
        agency=agency,
        plan=plan,
        title=_text(title, "课程名称", InvalidTraining, 128),
        kind=kind,
        provider=_text(provider, "培训机构", InvalidTraining, 128),
        hours=hours,
        planned_on=planned_on,
    )
    journal.append(
        "training_course.created",
        actor=actor,
        subject=course,
        agency=agency,
        payload={
            "plan_id": plan.pk if plan else None,
            "title": course.title,
            "kind": kind,
            "hours": str(hours),
            "planned_on": planned_on,
        },
    )
    return course


@transaction.atomic
def record_training(
    officer: Officer,
    *,
    title: str = "",
    kind: str = "",
    provider: str = "",
    hours=None,
    starts_on: date,
    ends_on: date | None = None,
    certificate_number: str = "",
    course=None,
    actor=None,
    today: date | None = None,
):
    """Record training attended (T2 Art. 29: training records are kept). With `course`, the
    course's title, kind, provider and hours are the defaults (attendance of a planned course)."""
    from zhifa.core.training import training_record_problem

    from .choices import TrainingKind
    from .errors import InvalidTraining
    from .models import TrainingRecord

    _require_manager(actor, officer.user.agency)
    if course is not None:
        if not officer.user.agency.is_within(course.agency):
            raise InvalidTraining("该课程不属于本机构。")
        if TrainingRecord.objects.filter(officer=officer, course=course).exists():
            raise InvalidTraining("已登记该人员参加此课程。", code="training_already_recorded")
        title, kind = title or course.title, kind or course.kind
        provider = provider or course.provider
        hours = course.hours if hours in (None, "") else hours
    title = _text(title, "培训名称", InvalidTraining, 128)
    provider = _text(provider, "培训机构", InvalidTraining, 128)
    if kind not in TrainingKind.values:
        raise InvalidTraining("培训类别无效。")
    hours = _decimal(hours, "学时", InvalidTraining)
    ends_on = ends_on or starts_on
    problem = training_record_problem(starts_on, ends_on, hours, today or _today())
    if problem is not None:
        raise InvalidTraining(problem.message, code=problem.code)
    # the same officer's other training within these days counts towards the 24 hours a day
    from django.db.models import Sum

    Officer.objects.select_for_update().filter(pk=officer.pk).first()  # one writer per officer
    others = (
        TrainingRecord.objects.filter(
            officer=officer, starts_on__gte=starts_on, ends_on__lte=ends_on
        ).aggregate(s=Sum("hours"))["s"]
        or 0
    )
    days = (ends_on - starts_on).days + 1
    if hours + others > 24 * days:
        raise InvalidTraining(
            f"该人员这{days}天已登记{others}学时，合计超过每天24小时。",
            code="training_hours_over_24_a_day",
        )
    record = TrainingRecord.objects.create(
        officer=officer,
        course=course,
        title=title,
        kind=kind,
        provider=provider,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        certificate_number=(certificate_number or "").strip()[:64],
        recorded_by=actor,
    )
    journal.append(
        "training.recorded",
        actor=actor,
        subject=record,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "course_id": course.pk if course else None,
            "title": title,
            "kind": kind,
            "provider": provider,
            "hours": str(hours),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "certificate_number": record.certificate_number,
        },
    )
    return record


@transaction.atomic
def send_training_reminders(on: date | None = None) -> int:
    """In the last quarter, remind each officer short of the year's hours and the heads of their
    agency (T5: 60 hours a year). Once per officer per year; journaled. Returns how many."""
    from zhifa.core.training import in_last_quarter
    from zhifa.notifications.models import Notification
    from zhifa.notifications.services import notify

    from .selectors import training_hours

    on = on or _today()
    if not in_last_quarter(on):
        return 0
    from django.contrib.auth import get_user_model

    User = get_user_model()
    # once per officer per year: the reminder's link carries the year
    reminded = set(
        Notification.objects.filter(
            kind="training.short", link__endswith=f"?year={on.year}"
        ).values_list("subject_id", flat=True)
    )
    sent = 0
    for officer in Officer.objects.filter(
        user__is_active=True, user__is_officer=True
    ).select_related("user", "user__agency"):
        if str(officer.pk) in reminded or officer.pk in reminded:
            continue
        hours = training_hours(officer, on.year)
        if hours.met:
            continue
        agency = officer.user.agency
        heads = User.objects.filter(agency=agency, is_agency_head=True, is_active=True)
        title = f"{on.year}年度培训学时不足：{officer}已完成{hours.done}学时，尚差{hours.short}学时"
        notify(
            [officer.user, *heads],
            kind="training.short",
            title=title,
            body=f"每人每年应完成不少于{hours.required}学时的专业和法律培训，请在年底前补足。",
            link=f"/officers/{officer.pk}/?year={on.year}",
            subject=officer,
        )
        journal.append(
            "training.reminded",
            actor=None,
            subject=officer,
            agency=agency,
            payload={
                "officer_id": officer.pk,
                "year": on.year,
                "done": str(hours.done),
                "required": str(hours.required),
            },
        )
        sent += 1
    return sent


RETRAINING_REASON = "离岗培训：{title}未通过（须考核合格后恢复执法）"


@transaction.atomic
def record_assessment(
    officer: Officer,
    *,
    kind: str,
    title: str,
    held_on: date,
    score,
    scale=100,
    pass_mark=60,
    actor=None,
    today: date | None = None,
):
    """Record a law examination or skill assessment (incl. the body-worn camera). A failure opens
    an off-post retraining suspension (离岗培训, T2 Arts. 31–32) that blocks every case action as
    any suspension does; a pass of the same kind lifts the open ones (and any conduct retraining)."""
    from zhifa.core.training import passed as is_pass
    from zhifa.core.training import score_problem

    from .choices import AssessmentKind
    from .errors import InvalidAssessment
    from .models import Assessment

    _require_manager(actor, officer.user.agency)
    if kind not in AssessmentKind.values:
        raise InvalidAssessment("考核类别无效。")
    title = _text(title, "考核名称", InvalidAssessment, 128)
    score = _decimal(score, "成绩", InvalidAssessment)
    scale = _decimal(scale, "满分", InvalidAssessment)
    pass_mark = _decimal(pass_mark, "合格分数", InvalidAssessment)
    if held_on > (today or _today()):
        raise InvalidAssessment("考核日期不能晚于今天。", code="assessment_in_future")
    problem = score_problem(score, scale, pass_mark)
    if problem is not None:
        raise InvalidAssessment(problem.message, code=problem.code)
    ok = is_pass(score, pass_mark)
    retraining = None
    if not ok:
        retraining = suspend_officer(
            officer,
            reason=RETRAINING_REASON.format(title=title),
            starts_on=held_on,
            actor=actor,
        )
    assessment = Assessment.objects.create(
        officer=officer,
        kind=kind,
        title=title,
        held_on=held_on,
        score=score,
        scale=scale,
        pass_mark=pass_mark,
        passed=ok,
        retraining=retraining,
        recorded_by=actor,
    )
    journal.append(
        "assessment.recorded",
        actor=actor,
        subject=assessment,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "kind": kind,
            "title": title,
            "held_on": held_on,
            "score": str(score),
            "scale": str(scale),
            "pass_mark": str(pass_mark),
            "passed": ok,
            "retraining_id": retraining.pk if retraining else None,
        },
    )
    if ok:
        open_ = Suspension.objects.filter(officer=officer, lifted_on__isnull=True).filter(
            models_q_retraining(kind)
        )
        for suspension in open_:
            lift_suspension(
                suspension,
                lifted_on=max(held_on, suspension.starts_on),
                reason=f"离岗培训后{title}合格（{score}分）",
                actor=actor,
            )
    from zhifa.notifications.services import notify

    notify(
        [officer.user],
        kind="assessment.recorded",
        title=f"{title}：{score}分，{'合格' if ok else '不合格，须离岗培训'}",
        link=f"/officers/{officer.pk}/",
        subject=assessment,
    )
    return assessment


def models_q_retraining(kind: str):
    """Open retraining suspensions a pass of `kind` ends: those its failures opened, and the
    retraining ordered for a conduct breach (ended by any pass)."""
    from django.db.models import Q

    from .choices import ConductConsequence

    return Q(assessment__kind=kind) | Q(conduct_record__consequence=ConductConsequence.RETRAINING)


def _require_superior(actor, officer: Officer) -> None:
    """A conduct record is made by a superior: an agency head or supervisor over the officer."""
    from zhifa.core.errors import PermissionDenied as Denied

    if actor is None:
        return
    in_scope = officer.user.agency.is_within(actor.agency)
    if not in_scope or not (actor.is_agency_head or actor.is_supervisor) or actor == officer.user:
        raise Denied("只有上级（执法部门负责人或监督人员）可以登记违反执法规范记录。")


@transaction.atomic
def record_conduct_breach(
    officer: Officer,
    *,
    item,
    occurred_on: date,
    facts: str,
    source: str,
    consequence: str,
    suspension_ends_on: date | None = None,
    actor,
    today: date | None = None,
):
    """A breach of a conduct item (legal.md §G; conduct-codes.md §2). Consequences: a talk; off-post
    retraining until a pass (T2 Art. 32); a suspension (T2 Art. 31); or, for a serious breach of
    the prohibitions, revocation of the certificate once the agency head approves (T2 Art. 33(8))."""
    from zhifa.notifications.services import notify

    from .choices import ConductConsequence, ConductSource, ConductStatus
    from .errors import InvalidConductRecord
    from .models import ConductRecord

    _require_superior(actor, officer)
    if item is None or not item.active:
        raise InvalidConductRecord("请选择启用的执法规范条目。")
    if source not in ConductSource.values:
        raise InvalidConductRecord("来源无效。")
    if consequence not in ConductConsequence.values:
        raise InvalidConductRecord("处理方式无效。")
    facts = _text(facts, "事实", InvalidConductRecord, 4000)
    if occurred_on > (today or _today()):
        raise InvalidConductRecord("发生日期不能晚于今天。", code="conduct_in_future")
    if consequence == ConductConsequence.REVOCATION and not item.serious:
        # T2 Art. 33(8): revocation is for a serious breach of the prohibitions (禁令).
        raise InvalidConductRecord(
            "只有严重违反执法禁令才可以吊销执法证件。", code="revocation_not_allowed"
        )
    status = ConductStatus.IN_FORCE
    suspension = None
    if consequence in (ConductConsequence.RETRAINING, ConductConsequence.SUSPENSION):
        label = "离岗培训" if consequence == ConductConsequence.RETRAINING else "暂停执法"
        suspension = suspend_officer(
            officer,
            reason=f"{label}：违反{item.get_code_set_display()}第{item.number}项",
            starts_on=today or _today(),
            ends_on=suspension_ends_on if consequence == ConductConsequence.SUSPENSION else None,
            actor=None,  # the superior's authority was checked above
        )
    elif consequence == ConductConsequence.REVOCATION:
        status = ConductStatus.PENDING_APPROVAL
    record = ConductRecord.objects.create(
        officer=officer,
        item=item,
        occurred_on=occurred_on,
        facts=facts,
        source=source,
        consequence=consequence,
        status=status,
        suspension=suspension,
        recorded_by=actor,
    )
    journal.append(
        "conduct_record.created",
        actor=actor,
        subject=record,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "item": f"{item.code_set}:{item.number}",
            "occurred_on": occurred_on,
            "facts": facts,
            "source": source,
            "consequence": consequence,
            "suspension_id": suspension.pk if suspension else None,
        },
    )
    link = f"/officers/{officer.pk}/"
    notify(
        [officer.user],
        kind="conduct.recorded",
        title=f"违反执法规范记录：{item.get_code_set_display()}第{item.number}项，可查看并陈述意见",
        link=link,
        subject=record,
    )
    if status == ConductStatus.PENDING_APPROVAL:
        from django.contrib.auth import get_user_model

        heads = (
            get_user_model()
            .objects.filter(agency=officer.user.agency, is_agency_head=True, is_active=True)
            .exclude(pk=actor.pk if actor else None)
        )
        notify(
            heads,
            kind="conduct.revocation_pending",
            title=f"待审批：吊销{officer}的执法证件（严重违反执法禁令）",
            link=link,
            subject=record,
        )
    return record


@transaction.atomic
def answer_conduct_record(record, *, text: str, actor):
    """The officer's own answer to a record (陈述意见); once, by the officer only."""
    from django.utils import timezone

    from zhifa.core.errors import PermissionDenied as Denied
    from zhifa.notifications.services import notify

    from .errors import InvalidConductRecord
    from .models import ConductRecord

    record = (
        ConductRecord.objects.select_for_update().select_related("officer__user").get(pk=record.pk)
    )
    if actor is None or record.officer.user_id != actor.pk:
        raise Denied("只有本人可以对该记录陈述意见。")
    if record.answered_at is not None:
        raise InvalidConductRecord("已陈述过意见。", code="conduct_already_answered")
    record.answer = _text(text, "陈述意见", InvalidConductRecord, 4000)
    record.answered_at = timezone.now()
    record.save(update_fields=["answer", "answered_at"])
    journal.append(
        "conduct_record.answered",
        actor=actor,
        subject=record,
        agency=actor.agency,
        payload={"answer": record.answer},
    )
    notify(
        [record.recorded_by],
        kind="conduct.answered",
        title=f"{record.officer}对违反执法规范记录作出陈述",
        link=f"/officers/{record.officer_id}/",
        subject=record,
    )
    return record


@transaction.atomic
def decide_revocation(record, *, approve: bool, reason: str, actor):
    """The agency head approves or rejects revoking the officer's certificates for a serious
    breach of the prohibitions (T2 Art. 33(8)); not the one who recorded it. Approval revokes
    every certificate still in force (T2 Art. 34: never restored)."""
    from django.utils import timezone

    from zhifa.core.errors import PermissionDenied as Denied

    from .choices import ConductStatus
    from .errors import InvalidConductRecord
    from .models import ConductRecord

    record = (
        ConductRecord.objects.select_for_update().select_related("officer__user").get(pk=record.pk)
    )
    officer = record.officer
    if actor is None or not actor.is_agency_head or not officer.user.agency.is_within(actor.agency):
        raise Denied("只有执法部门负责人可以审批吊销执法证件。")
    if actor.pk == record.recorded_by_id:
        raise Denied("登记人不能审批自己提出的吊销。", code="approver_is_recorder")
    if record.status != ConductStatus.PENDING_APPROVAL:
        raise InvalidConductRecord("该记录不在待审批状态。", code="conduct_not_pending")
    reason = _text(reason, "审批意见", InvalidConductRecord, 255)
    record.status = ConductStatus.IN_FORCE if approve else ConductStatus.REJECTED
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.save(update_fields=["status", "decided_by", "decided_at"])
    journal.append(
        "conduct_record.decided",
        actor=actor,
        subject=record,
        agency=officer.user.agency,
        payload={"approve": approve, "reason": reason},
    )
    if approve:
        for cert in officer.certificates.exclude(
            status__in=[CertificateStatus.REVOKED, CertificateStatus.CANCELLED]
        ):
            change_certificate_status(
                cert,
                status=CertificateStatus.REVOKED,
                reason=f"严重违反执法禁令（{record.item.number}）：{reason}",
                actor=None,  # authority checked above
            )
    return record


@transaction.atomic
def edit_conduct_item(item, *, text: str, source: str = "", active: bool = True, actor):
    """Replace the text of an UNCONFIRMED conduct item (the spec could not read the 2021 禁令 and
    职业道德规范: conduct-codes.md §2.3–2.4); confirmed items are fixed. System administrator only."""
    from zhifa.core.errors import PermissionDenied as Denied

    from .errors import InvalidConductRecord
    from .models import ConductItem

    if actor is None or actor.admin_role != AdminRole.SYSTEM:
        raise Denied("只有系统管理员可以维护执法规范条目。")
    item = ConductItem.objects.select_for_update().get(pk=item.pk)
    if item.confirmed:
        raise InvalidConductRecord(
            "已核实的条目依据原文，不能修改。", code="conduct_item_confirmed"
        )
    old = {"text": item.text, "source": item.source, "active": item.active}
    item.text = _text(text, "条目内容", InvalidConductRecord, 500)
    item.source = (source or item.source).strip()[:200]
    item.active = bool(active)
    item.save(update_fields=["text", "source", "active"])
    journal.append(
        "conduct_item.edited",
        actor=actor,
        subject=item,
        agency=actor.agency,
        payload={
            "old": old,
            "new": {"text": item.text, "source": item.source, "active": item.active},
        },
    )
    return item
