"""Officer pages (issue 14 items 1–3): the officer's own page (training hours, assessments,
conduct records to answer) and the agency head's pages (record training, assessments and
breaches; yearly training plan with attendance; revocations to approve)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError, InvalidInput, NotFound

from . import selectors, services
from .choices import (
    AssessmentKind,
    ConductConsequence,
    ConductSource,
    ConductStatus,
    TrainingKind,
)
from .models import TrainingCourse


def _date(value: str, what: str, required: bool = True) -> date | None:
    value = (value or "").strip()
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{what}格式应为 年-月-日。") from None


def _number(value: str, what: str, default=None) -> Decimal:
    value = (value or "").strip()
    if not value and default is not None:
        return Decimal(default)
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{what}须为数字。") from None


def _year(request) -> int:
    from zhifa.core.training import training_year

    today = timezone.localdate().year
    return training_year(request.GET.get("year") or today, today)


def _officer_or_404(user, officer_id):
    from django.http import Http404

    try:
        return selectors.access_officer(user, officer_id)
    except NotFound:
        raise Http404 from None


def _page(request, officer, own: bool):
    year = _year(request)
    user = request.user
    may_manage = user.is_agency_head or user.admin_role == "system"
    context = {
        "officer": officer,
        "year": year,
        "own": own,
        "may_manage": may_manage and not own,
        "may_record_conduct": (user.is_agency_head or user.is_supervisor) and not own,
        "training_kinds": TrainingKind.choices,
        "assessment_kinds": AssessmentKind.choices,
        "conduct_sources": ConductSource.choices,
        "conduct_consequences": ConductConsequence.choices,
        "conduct_items": selectors.conduct_items(),
        "pending": ConductStatus.PENDING_APPROVAL,
        "eligibility": selectors.eligibility(officer),
        **selectors.officer_file(officer, year),
    }
    return render(request, "officers/officer.html", context)


@login_required
def my_page(request):
    officer = selectors.own_officer(request.user)
    if officer is None:
        return render(request, "officers/not_officer.html")
    return _page(request, officer, own=True)


@login_required
def officer_page(request, officer_id: int):
    officer = _officer_or_404(request.user, officer_id)
    return _page(request, officer, own=officer.user_id == request.user.pk)


def _act(request, fn, ok: str):
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


@login_required
@require_POST
def add_training(request, officer_id: int):
    officer = _officer_or_404(request.user, officer_id)
    p = request.POST

    def go():
        services.record_training(
            officer,
            title=p.get("title", ""),
            kind=p.get("kind", ""),
            provider=p.get("provider", ""),
            hours=_number(p.get("hours"), _("学时")),
            starts_on=_date(p.get("starts_on"), _("开始日期")),
            ends_on=_date(p.get("ends_on"), _("结束日期"), required=False),
            certificate_number=p.get("certificate_number", ""),
            actor=request.user,
        )

    _act(request, go, _("培训记录已登记。"))
    return redirect("officers:page", officer_id=officer.pk)


@login_required
@require_POST
def add_assessment(request, officer_id: int):
    officer = _officer_or_404(request.user, officer_id)
    p = request.POST

    def go():
        services.record_assessment(
            officer,
            kind=p.get("kind", ""),
            title=p.get("title", ""),
            held_on=_date(p.get("held_on"), _("考核日期")),
            score=_number(p.get("score"), _("成绩")),
            scale=_number(p.get("scale"), _("满分"), default=100),
            pass_mark=_number(p.get("pass_mark"), _("合格分数"), default=60),
            actor=request.user,
        )

    _act(request, go, _("考核成绩已登记。"))
    return redirect("officers:page", officer_id=officer.pk)


@login_required
@require_POST
def add_conduct(request, officer_id: int):
    officer = _officer_or_404(request.user, officer_id)
    p = request.POST

    def go():
        item_id = p.get("item_id", "")
        item = (
            selectors.conduct_items().filter(pk=int(item_id)).first() if item_id.isdigit() else None
        )
        services.record_conduct_breach(
            officer,
            item=item,
            occurred_on=_date(p.get("occurred_on"), _("发生日期")),
            facts=p.get("facts", ""),
            source=p.get("source", ""),
            consequence=p.get("consequence", ""),
            suspension_ends_on=_date(p.get("suspension_ends_on"), _("截止日期"), required=False),
            actor=request.user,
        )

    _act(request, go, _("违反执法规范记录已登记，已通知本人。"))
    return redirect("officers:page", officer_id=officer.pk)


def _record_or_404(user, record_id):
    from django.http import Http404

    try:
        return selectors.access_conduct_record(user, record_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_POST
def answer_conduct(request, record_id: int):
    record = _record_or_404(request.user, record_id)
    _act(
        request,
        lambda: services.answer_conduct_record(
            record, text=request.POST.get("text", ""), actor=request.user
        ),
        _("陈述意见已提交。"),
    )
    return redirect("officers:page", officer_id=record.officer_id)


@login_required
@require_POST
def decide_conduct(request, record_id: int):
    record = _record_or_404(request.user, record_id)
    _act(
        request,
        lambda: services.decide_revocation(
            record,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
        _("审批意见已记录。"),
    )
    return redirect("officers:page", officer_id=record.officer_id)


@login_required
def agency_page(request):
    """The head's page: the agency's officers with the year's hours, the training plan with
    attendance, and the revocations waiting for approval."""
    user = request.user
    if not (user.is_agency_head or user.is_supervisor or user.admin_role == "system"):
        raise PermissionDenied
    year = _year(request)
    plans = selectors.visible_plans(user).filter(year=year, agency=user.agency)
    pending = selectors.visible_conduct_records(user).filter(status=ConductStatus.PENDING_APPROVAL)
    return render(
        request,
        "officers/agency.html",
        {
            "year": year,
            "rows": selectors.agency_overview(user.agency, year),
            "plan": plans.first(),
            "pending": pending,
            "training_kinds": TrainingKind.choices,
            "may_manage": user.is_agency_head or user.admin_role == "system",
        },
    )


@login_required
@require_POST
def add_plan(request):
    p = request.POST

    def go():
        year = p.get("year", "")
        if not year.isdigit():
            raise InvalidInput(_("年度无效。"))
        services.create_training_plan(
            request.user.agency, year=int(year), title=p.get("title", ""), actor=request.user
        )

    _act(request, go, _("年度培训计划已制定。"))
    return redirect("officers:agency")


@login_required
@require_POST
def add_course(request, plan_id: int):
    from django.http import Http404

    try:
        plan = selectors.access_plan(request.user, plan_id)
    except NotFound:
        raise Http404 from None
    p = request.POST

    def go():
        services.add_training_course(
            plan.agency,
            title=p.get("title", ""),
            kind=p.get("kind", ""),
            provider=p.get("provider", ""),
            hours=_number(p.get("hours"), _("学时")),
            planned_on=_date(p.get("planned_on"), _("计划日期")),
            plan=plan,
            actor=request.user,
        )

    _act(request, go, _("课程已列入计划。"))
    return redirect(f"{reverse('officers:agency')}?year={plan.year}")


@login_required
@require_POST
def record_attendance(request, course_id: int):
    from django.http import Http404

    course = TrainingCourse.objects.filter(
        pk=course_id, agency__path__startswith=request.user.agency.path
    ).first()
    if course is None:
        raise Http404
    p = request.POST

    def go():
        officer_id = p.get("officer_id", "")
        if not officer_id.isdigit():
            raise InvalidInput(_("请选择执法人员。"))
        officer = selectors.access_officer(request.user, int(officer_id))
        services.record_training(
            officer,
            course=course,
            starts_on=_date(p.get("attended_on"), _("参训日期")),
            certificate_number=p.get("certificate_number", ""),
            actor=request.user,
        )

    _act(request, go, _("参训情况已登记。"))
    return redirect("officers:agency")
