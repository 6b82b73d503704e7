"""Pages: intake batches (upload, progress, errors as CSV/XLSX), devices, the review queue."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.core.errors import DomainError
from zhifa.shortcuts import found_or_404

from . import jobs, selectors, services
from .choices import DeviceKind, RecordState

REVIEW_PAGE = 100


def _staff(user) -> bool:
    return bool(getattr(user, "agency_id", None)) and not getattr(user, "admin_role", "")


@login_required
@require_http_methods(["GET", "POST"])
def batches(request):
    user = request.user
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not _staff(user):
            messages.error(request, _("请选择要上传的记录文件"))
            return redirect("offsite:batches")
        try:
            # the request stores and queues; a background job reads the lines (jobs.py)
            batch = jobs.queue_upload(
                upload, actor=user, agency=user.agency, images=request.FILES.getlist("images")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("offsite:batches")
        return redirect("offsite:batch", batch.pk)
    page = Paginator(selectors.visible_batches(user), 50).get_page(request.GET.get("page"))
    return render(request, "offsite/batches.html", {"page": page, "may_upload": _staff(user)})


@login_required
@require_GET
def batch(request, batch_id: int):
    b = found_or_404(selectors.access_batch, request.user, batch_id)
    context = {"batch": b, "may_act": _may_act(request.user, b)}
    if request.headers.get("HX-Request") == "true":  # the progress card polled every 2 s
        return render(request, "offsite/_batch_progress.html", context)
    context["errors"] = selectors.batch_errors(b)[:200]
    return render(request, "offsite/batch.html", context)


def _may_act(user, batch) -> bool:
    return _staff(user) and user.agency_id == batch.agency_id


@login_required
@require_POST
def batch_job(request, batch_id: int, action: str):
    """Cancel a queued or running upload, or resume a cancelled or interrupted one."""
    b = found_or_404(selectors.access_batch, request.user, batch_id)
    if action not in ("cancel", "resume"):
        raise Http404
    try:
        if action == "cancel":
            jobs.cancel(actor=request.user, batch=b)
            messages.success(request, "已取消；已接收的记录保留，可从中断处继续")
        else:
            jobs.resume(actor=request.user, batch=b)
            messages.success(request, "已重新排队，将从中断处继续")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("offsite:batch", b.pk)


@login_required
@require_GET
def batch_errors(request, batch_id: int, fmt: str):
    b = found_or_404(selectors.access_batch, request.user, batch_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header = ["行号", "错误代码", "错误说明", "原始内容"]
    rows = selectors.batch_errors(b).values_list("line_no", "code", "message", "raw")
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows.iterator())
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="batch-{b.pk}-errors.csv"'
        return response
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误行")
    ws.append(header)
    for row in rows.iterator():
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"batch-{b.pk}-errors.xlsx")


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def devices(request):
    user = request.user
    if request.method == "POST":
        data = request.POST
        try:
            services.save_device(
                actor=user,
                agency=user.agency,
                code=data.get("code", ""),
                kind=data.get("kind", "")
                if data.get("kind") in DeviceKind.values
                else "weigh_station",
                name=data.get("name", ""),
                location=data.get("location", ""),
                approved_on=_date(data.get("approved_on")),
                approval_document=data.get("approval_document", "")[:200],
                published_on=_date(data.get("published_on")),
                publication_reference=data.get("publication_reference", "")[:300],
                calibrated_on=_date(data.get("calibrated_on")),
                calibration_valid_until=_date(data.get("calibration_valid_until")),
                calibration_certificate=data.get("calibration_certificate", "")[:100],
            )
            messages.success(request, _("检测设备已登记"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("offsite:devices")
    rows = selectors.visible_devices(user)
    today = date.today()
    from zhifa.core import offsite as core

    listed = [(d, core.device_refusal(services._device_dates(d), today)) for d in rows[:500]]
    return render(
        request,
        "offsite/devices.html",
        {
            "rows": listed,
            "kinds": DeviceKind.choices,
            "may_edit": getattr(user, "is_agency_head", False),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request):
    user = request.user
    params = request.GET
    filters = {
        "batch": int(params["batch"]) if params.get("batch", "").isdigit() else None,
        "device": params.get("device", "")[:64],
        "plate": params.get("plate", "")[:16],
        "date_from": _date(params.get("date_from")),
        "date_to": _date(params.get("date_to")),
        "min_excess_kg": int(params["min_excess"])
        if params.get("min_excess", "").isdigit()
        else None,
    }
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("record") if i.isdigit()]
        if request.POST.get("all_matching"):
            ids = list(selectors.review_queue(user, **filters).values_list("pk", flat=True)[:5000])
        try:
            result = services.review(
                actor=user,
                record_ids=ids,
                confirm=request.POST.get("decision") == "confirm",
                note=request.POST.get("note", ""),
            )
            messages.success(
                request,
                _("已确认%(confirmed)s条（登记为线索），不予采用%(rejected)s条")
                % {"confirmed": result.confirmed, "rejected": result.rejected},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())
    qs = selectors.review_queue(user, **filters)
    page = Paginator(qs, REVIEW_PAGE).get_page(params.get("page"))
    return render(
        request,
        "offsite/review.html",
        {
            "page": page,
            "filters": filters,
            "count": page.paginator.count,
            "pending": RecordState.PENDING,
        },
    )


@login_required
@require_GET
def image(request, record_id: int, digest: str):
    """A record's image, for the reviewer: only a record in the user's scope, only its images."""
    from zhifa.evidence import storage
    from zhifa.evidence.models import EvidenceFile

    record = selectors.review_queue(request.user, state="").filter(pk=record_id).first()
    if record is None or digest not in record.images:
        raise Http404
    row = EvidenceFile.objects.filter(digest=digest).first()
    if row is None:
        raise Http404
    return FileResponse(storage.open_stored(row.storage_name), content_type=row.content_type)
