"""Pages of 评议考核 and 案卷评查: thin adapters (scoped selector → service → render)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhifa.accounts.models import User
from zhifa.core import evaluation as ev
from zhifa.core.errors import DomainError
from zhifa.orgs.selectors import sees_case_data, visible_agencies

from . import feeds, selectors, services
from .choices import AppealDecision, ItemKind, RoundKind, Target
from .errors import InvalidEvaluation

SCHEME_ROWS = 10


def _guard(request):
    if not sees_case_data(request.user):
        raise Http404("页面不存在。")


def _leads(user) -> bool:
    return bool(user.is_agency_head or user.is_supervisor)


def _date(value, label: str) -> date:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        raise InvalidEvaluation(f"{label}格式有误（如 2026-03-01）。") from None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _found(getter, request, pk):
    try:
        return getter(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message) from None


def _status(error) -> int:
    return getattr(error, "status", 200) if error else 200


def _submit(request, act, message: str, target):
    """Run the service call `act()`: on success flash `message` and redirect to `target(made)`
    (url name and args); on a domain error give it back for the page to show."""
    try:
        made = act()
    except DomainError as exc:
        return exc, None
    messages.success(request, message)
    return None, redirect(*target(made))


@login_required
def index(request):
    _guard(request)
    user = request.user
    return render(
        request,
        "evaluation/index.html",
        {
            "schemes": selectors.visible_schemes(user)[:50],
            "rounds": selectors.visible_rounds(user)[:50],
            "reviews": selectors.visible_reviews(user)[:50],
            "leads": _leads(user),
            "waiting": selectors.waiting_on(user),
        },
    )


# --- schemes -------------------------------------------------------------------------------------


def _scheme_items(data) -> list[dict]:
    items = []
    for n in range(SCHEME_ROWS):
        label = (data.get(f"label_{n}") or "").strip()
        if not label:
            continue
        items.append(
            {
                "code": f"i{n + 1}",
                "label": label,
                "kind": data.get(f"kind_{n}", ""),
                "weight": data.get(f"weight_{n}"),
                "feed": data.get(f"feed_{n}", ""),
                "full_at": data.get(f"full_{n}"),
                "zero_at": data.get(f"zero_{n}"),
            }
        )
    return items


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request):
    _guard(request)
    if not _leads(request.user):
        raise PermissionDenied("无权制定考核方案。")
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        error, done = _submit(
            request,
            lambda: services.save_scheme(
                actor=request.user,
                name=data.get("name", ""),
                year=_int(data.get("year")) or 0,
                items=_scheme_items(data),
                excellent_min=data.get("excellent_min") or ev.DEFAULT_EXCELLENT_MIN,
                meets_min=data.get("meets_min") or ev.DEFAULT_MEETS_MIN,
                bonus_cap=data.get("bonus_cap") or ev.DEFAULT_BONUS_CAP,
            ),
            _("考核方案已保存。"),
            lambda scheme: ("evaluation:scheme", scheme.pk),
        )
        if done:
            return done
    return render(
        request,
        "evaluation/scheme_new.html",
        {
            "data": data,
            "error": error,
            "rows": range(SCHEME_ROWS),
            "kinds": ItemKind.choices,
            "feeds": [(k, f"{f.label}（{f.unit}）") for k, f in feeds.FEEDS.items()],
            "year": timezone.localdate().year,
        },
        status=_status(error),
    )


@login_required
def scheme_detail(request, scheme_id: int):
    _guard(request)
    scheme = _found(selectors.access_scheme, request, scheme_id)
    return render(
        request,
        "evaluation/scheme.html",
        {"scheme": scheme, "feeds": feeds.FEEDS, "triggers": ev.BELOW_TRIGGERS.values()},
    )


# --- rounds --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    _guard(request)
    if not _leads(request.user):
        raise PermissionDenied("无权组织评议考核。")
    data = request.POST if request.method == "POST" else {}
    error = None
    schemes = [
        s
        for s in selectors.visible_schemes(request.user)
        if request.user.agency.path.startswith(s.owner.path)
    ]
    if request.method == "POST":

        def act():
            scheme = next((s for s in schemes if s.pk == _int(data.get("scheme"))), None)
            if scheme is None:
                raise InvalidEvaluation("请选择考核方案。")
            return services.open_round(
                actor=request.user,
                scheme=scheme,
                kind=data.get("kind", ""),
                target=data.get("target", ""),
                title=data.get("title", ""),
                period_start=_date(data.get("period_start"), "考核期起"),
                period_end=_date(data.get("period_end"), "考核期止"),
            )

        error, done = _submit(
            request, act, _("评议考核已启动。"), lambda rnd: ("evaluation:round", rnd.pk)
        )
        if done:
            return done
    return render(
        request,
        "evaluation/round_new.html",
        {
            "data": data,
            "error": error,
            "schemes": schemes,
            "kinds": RoundKind.choices,
            "targets": Target.choices,
        },
        status=_status(error),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, round_id: int):
    _guard(request)
    rnd = _found(selectors.access_round, request, round_id)
    error = None
    if request.method == "POST":
        error, done = _submit(
            request,
            lambda: services.report_round(rnd, actor=request.user),
            _("结果已报送上级机关。"),
            lambda made: ("evaluation:round", made.pk),
        )
        if done:
            return done
    return render(
        request,
        "evaluation/round.html",
        {
            "round": rnd,
            "evaluations": selectors.round_evaluations(request.user, rnd),
            "may_report": services.is_organiser_lead(request.user, rnd),
            "error": error,
        },
        status=_status(error),
    )


def _marks_from(data, scheme) -> tuple[dict, dict, list]:
    marks, bonus = {}, {}
    for item in scheme.items.all():
        if item.kind == ItemKind.STANDARD:
            marks[item.code] = {
                "deduction": data.get(f"d_{item.code}") or "0",
                "note": data.get(f"n_{item.code}", ""),
                "self_corrected": bool(data.get(f"s_{item.code}")),
            }
        elif item.kind == ItemKind.BONUS and data.get(f"b_{item.code}"):
            bonus[item.code] = data.get(f"b_{item.code}")
    return marks, bonus, data.getlist("trigger")


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request, evaluation_id: int):
    _guard(request)
    e = _found(selectors.access_evaluation, request, evaluation_id)
    scheme = e.round.scheme
    error = None
    if request.method == "POST":
        error, done = _submit(
            request,
            lambda: _evaluation_act(request, e, scheme),
            _("已办理。"),
            lambda made: ("evaluation:evaluation", made.pk),
        )
        if done:
            return done
        e = _found(selectors.access_evaluation, request, evaluation_id)
    return render(
        request,
        "evaluation/evaluation.html",
        _evaluation_context(request.user, e, scheme, error),
        status=_status(error),
    )


def _evaluation_act(request, e, scheme):
    """The one act the posted form names; the marks count only where the act changes the score."""
    data, act, user = request.POST, request.POST.get("act", ""), request.user
    marks, bonus, triggers = _marks_from(data, scheme)
    if act == "score":
        return services.score_evaluation(e, actor=user, marks=marks, bonus=bonus, triggers=triggers)
    if act == "appeal":
        return services.appeal(e, actor=user, reason=data.get("reason", ""))
    if act == "decide":
        change = data.get("decision") == AppealDecision.CHANGED
        return services.decide_appeal(
            e,
            actor=user,
            decision=data.get("decision", ""),
            note=data.get("note", ""),
            **_changes(change, marks, bonus, triggers),
        )
    if act == "recheck":
        change = bool(data.get("change"))
        return services.recheck(
            e, actor=user, note=data.get("note", ""), **_changes(change, marks, bonus, triggers)
        )
    raise InvalidEvaluation("操作无法识别。")


def _changes(change: bool, marks, bonus, triggers) -> dict:
    """New marks for a service that keeps the earlier ones when given None."""
    if not change:
        return {"marks": None, "bonus": None, "triggers": None}
    return {"marks": marks, "bonus": bonus, "triggers": triggers}


def _evaluation_context(user, e, scheme, error) -> dict:
    return {
        "e": e,
        "scheme": scheme,
        "items": list(scheme.items.all()),
        "figures": [
            (feeds.FEEDS[k].label, v, feeds.FEEDS[k].unit)
            for k, v in e.figures.items()
            if k in feeds.FEEDS
        ],
        "triggers": [
            (k, v) for k, v in ev.BELOW_TRIGGERS.items() if k not in ev.AUTOMATIC_TRIGGERS
        ],
        "trigger_labels": [ev.BELOW_TRIGGERS[t] for t in e.triggers if t in ev.BELOW_TRIGGERS],
        "edits": e.found_triggers.get("closed_file_edit", []),
        "may": services.allowed(user, e),
        "appeal_due": services.appeal_due(e),
        "decisions": AppealDecision.choices,
        "error": error,
    }


# --- case-file review ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request):
    _guard(request)
    if not _leads(request.user):
        raise PermissionDenied("无权组织案卷评查。")
    user = request.user
    data = request.POST if request.method == "POST" else {}
    error = None
    scopes = visible_agencies(user).order_by("path")[:500]
    ancestors = [int(p) for p in user.agency.path.split("/") if p]
    reviewers = User.objects.filter(is_active=True, admin_role="", agency_id__in=ancestors).filter(
        is_supervisor=True
    ) | User.objects.filter(
        is_active=True, admin_role="", agency=user.agency, is_legal_reviewer=True
    )
    reviewers = reviewers.distinct().order_by("agency__path", "username")
    if request.method == "POST":

        def act():
            scope = next((a for a in scopes if a.pk == _int(data.get("scope"))), None)
            reviewer = reviewers.filter(pk=_int(data.get("reviewer"))).first()
            if scope is None or reviewer is None:
                raise InvalidEvaluation("请选择评查范围和评查人员。")
            return services.open_review(
                actor=user,
                scope=scope,
                reviewer=reviewer,
                title=data.get("title", ""),
                period_start=_date(data.get("period_start"), "结案期起"),
                period_end=_date(data.get("period_end"), "结案期止"),
                size=_int(data.get("size")) or 0,
                seed=data.get("seed", ""),
            )

        error, done = _submit(
            request, act, _("已抽取案卷。"), lambda review: ("evaluation:review", review.pk)
        )
        if done:
            return done
    return render(
        request,
        "evaluation/review_new.html",
        {"data": data, "error": error, "scopes": scopes, "reviewers": reviewers},
        status=_status(error),
    )


@login_required
def review_detail(request, review_id: int):
    _guard(request)
    review = _found(selectors.access_review, request, review_id)
    return render(
        request,
        "evaluation/review.html",
        {
            "review": review,
            "cases": selectors.visible_reviewed_cases(request.user).filter(review=review),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewed_case(request, reviewed_id: int):
    _guard(request)
    r = _found(selectors.access_reviewed_case, request, reviewed_id)
    error = None
    if request.method == "POST":
        error, done = _submit(
            request,
            lambda: _review_act(request, r),
            _("已办理。"),
            lambda made: ("evaluation:reviewed_case", made.pk),
        )
        if done:
            return done
    return render(
        request,
        "evaluation/reviewed_case.html",
        {
            "r": r,
            "checklist": ev.CHECKLIST,
            "may_score": r.review.reviewer_id == request.user.pk and r.state == "pending",
            "may_correct": (
                request.user.is_agency_head
                and request.user.agency_id == r.agency_id
                and r.state == "returned"
            ),
            "data": request.POST if error else {},
            "error": error,
        },
        status=_status(error),
    )


def _review_act(request, r):
    data, act = request.POST, request.POST.get("act", "")
    if act == "score":
        findings = [
            {
                "code": item.code,
                "deduction": data.get(f"d_{item.code}") or "0",
                "note": data.get(f"n_{item.code}", ""),
            }
            for item in ev.CHECKLIST
        ]
        return services.score_case_file(r, actor=request.user, findings=findings)
    if act == "correct":
        return services.record_correction(
            r, actor=request.user, correction=data.get("correction", "")
        )
    raise InvalidEvaluation("操作无法识别。")
