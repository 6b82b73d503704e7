"""Pages of the provision review (/provision-review/): per-provision figures and flags, a review with
its what-if replays (edited copy or Excel), the replay's progress (htmx polling) and changed cases,
the conclusion; the ministry's list of proposals. Adapters only: selectors, services, render."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.core.errors import DomainError

from . import selectors, services
from .choices import ACTIVE, RESUMABLE, Conclusion

MAX_UPLOAD = 5 * 1024 * 1024


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _error(request, exc: DomainError):
    return render(
        request,
        "provision_review/error.html",
        {"error": exc.message},
        status=getattr(exc, "status", 400),
    )


def _refused(request, exc: DomainError, review_id: int):
    """Bad input goes back to the review's page with the reasons (every bad row of an upload);
    anything else (not found, not allowed, conflict) is an error page with its status."""
    if exc.status != 422:
        return _error(request, exc)
    messages.error(request, exc.message)
    for line in (exc.details or {}).get("lines", [])[:50]:
        messages.error(request, line)
    return redirect("provision_review:review", review_id=review_id)


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
@require_GET
def index(request):
    year = _year(request.GET.get("year"))
    since, until = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    try:
        rows = selectors.provision_rows(request.user, since=since, until=until)
    except DomainError as exc:
        return _error(request, exc)
    reviews = selectors.visible_reviews(request.user)
    return render(
        request,
        "provision_review/index.html",
        {
            "rows": rows,
            "year": year,
            "open_reviews": reviews.filter(conclusion="")[:50],
            "proposals": selectors.proposals_for_ministry(request.user)[:100],
            "kept": reviews.filter(conclusion=Conclusion.KEEP)[:50],
            "remedy_outcomes_recorded": selectors.REMEDY_OUTCOMES_RECORDED,
            "complaints_linked": selectors.COMPLAINTS_LINKED_TO_CASES,
            "is_supervisor": request.user.is_supervisor,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provision(request, data_id: str):
    try:
        p = selectors.access_provision(request.user, data_id)
        if request.method == "POST":
            review = services.open_review(actor=request.user, provision_data_id=p.data_id)
            return redirect("provision_review:review", review_id=review.pk)
        rows = selectors.provision_rows(request.user, provision_id=p.pk)
    except DomainError as exc:
        return _error(request, exc)
    return render(
        request,
        "provision_review/provision.html",
        {
            "provision": p,
            "row": rows[0] if rows else None,
            "reviews": selectors.visible_reviews(request.user).filter(provision=p)[:20],
            "remedy_outcomes_recorded": selectors.REMEDY_OUTCOMES_RECORDED,
            "complaints_linked": selectors.COMPLAINTS_LINKED_TO_CASES,
            "is_supervisor": request.user.is_supervisor,
        },
    )


@login_required
@require_GET
def review(request, review_id: int):
    try:
        r = selectors.access_review(request.user, review_id)
        rows = selectors.provision_rows(request.user, provision_id=r.provision_id)
    except DomainError as exc:
        return _error(request, exc)
    bases = [
        (
            b,
            [
                (
                    i,
                    lv.get("level") or f"第{i + 1}档",
                    lv.get("fine_min"),
                    lv.get("fine_max"),
                    lv.get("conditions_zh") or "",
                )
                for i, lv in enumerate((b.data or {}).get("levels") or [])
            ],
        )
        for b in selectors.base_benchmarks(request.user, r.provision)
    ]
    return render(
        request,
        "provision_review/review.html",
        {
            "review": r,
            "row": rows[0] if rows else None,
            "bases": bases,
            "replays": r.replays.select_related("base", "started_by").order_by("-id"),
            "conclusions": Conclusion.choices,
            "may_write": request.user.is_supervisor and not r.conclusion,
            "remedy_outcomes_recorded": selectors.REMEDY_OUTCOMES_RECORDED,
            "complaints_linked": selectors.COMPLAINTS_LINKED_TO_CASES,
        },
    )


def _levels_from_post(post) -> dict[int, tuple[str, str]]:
    levels = {}
    for key in post:
        if key.startswith("low_") and key[4:].isdigit():
            i = int(key[4:])
            levels[i] = (post.get(f"low_{i}", ""), post.get(f"high_{i}", ""))
    return levels


@login_required
@require_POST
def start_form(request, review_id: int):
    try:
        base_id = int(request.POST.get("base", ""))
    except ValueError:
        messages.error(request, _("请选择要修改的现行裁量基准。"))
        return redirect("provision_review:review", review_id=review_id)
    try:
        replay = services.start_form_replay(
            actor=request.user,
            review_id=review_id,
            base_id=base_id,
            levels=_levels_from_post(request.POST),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return _refused(request, exc, review_id)
    return redirect("provision_review:replay", replay_id=replay.pk)


@login_required
@require_POST
def start_excel(request, review_id: int):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的Excel文件。"))
        return redirect("provision_review:review", review_id=review_id)
    if upload.size > MAX_UPLOAD:
        messages.error(request, _("文件超过 5 MB。"))
        return redirect("provision_review:review", review_id=review_id)
    try:
        replay = services.start_excel_replay(
            actor=request.user,
            review_id=review_id,
            filename=upload.name,
            content=upload.read(),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return _refused(request, exc, review_id)
    return redirect("provision_review:replay", replay_id=replay.pk)


@login_required
@require_GET
def replay(request, replay_id: int):
    try:
        r = selectors.access_replay(request.user, replay_id)
    except DomainError as exc:
        return _error(request, exc)
    from zhifa.core.provision_review import Tally

    context = {
        "replay": r,
        "running": r.status in ACTIVE,
        "resumable": r.status in RESUMABLE and not r.review.conclusion,
        "tally": Tally.from_json(r.tally),
        "may_write": request.user.is_supervisor,
    }
    if _is_htmx(request):
        return render(request, "provision_review/_progress.html", context)
    page = Paginator(selectors.replay_changes(request.user, r), 50).get_page(
        request.GET.get("page")
    )
    context["page"] = page
    context["levels_json"] = json.dumps(context["tally"].distribution(), ensure_ascii=False)
    return render(request, "provision_review/replay.html", context)


def _replay_action(service):
    """A POST that cancels or resumes a replay, then shows it again."""

    @login_required
    @require_POST
    def view(request, replay_id: int):
        try:
            service(actor=request.user, replay_id=replay_id)
        except DomainError as exc:
            return _error(request, exc)
        return redirect("provision_review:replay", replay_id=replay_id)

    return view


cancel = _replay_action(services.cancel_replay)
resume = _replay_action(services.resume_replay)


@login_required
@require_POST
def conclude(request, review_id: int):
    try:
        r = selectors.access_review(request.user, review_id)
        services.conclude_review(
            actor=request.user,
            review=r,
            conclusion=request.POST.get("conclusion", ""),
            reasons=request.POST.get("reasons", ""),
        )
    except DomainError as exc:
        return _refused(request, exc, review_id)
    messages.success(request, _("评估结论已记录。"))
    return redirect("provision_review:review", review_id=review_id)
