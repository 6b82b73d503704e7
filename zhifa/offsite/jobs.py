"""A page upload as a background job (issue 15): the request only stores the file (in the evidence
store, by digest) and queues the batch; the job reads it line by line through `services.ingest`,
whose chunks commit the resume point, so the batch page shows progress, a cancel stops at the next
chunk and a resume (or a second upload of the same file) carries on where it stopped. Celery runs
the job inline when no broker is configured (CELERY_TASK_ALWAYS_EAGER), as provision_review does."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import Conflict
from zhifa.records import journal

from . import events, reading, services
from .choices import BatchSource, BatchState
from .errors import InvalidOffsiteInput
from .models import IntakeBatch

logger = logging.getLogger(__name__)
ACTIVE = (BatchState.QUEUED, BatchState.RUNNING)


def queue_upload(upload, *, actor, agency, images=()) -> IntakeBatch:
    """Store the file and its images, find or open its batch (the file's digest is its key, as
    for `offsite_intake`), queue the job; a batch already done is returned as it is."""
    services._require_staff(actor, agency, "上传非现场执法数据")
    name = getattr(upload, "name", "") or "upload"
    stored = services.store_images([upload], actor=actor)
    digest = stored.get(name) or next(iter(stored.values()), "")
    if not digest:
        raise InvalidOffsiteInput("记录文件为空或无法保存", code="upload_empty")
    files = services.store_images(images, actor=actor)
    batch = services.start_batch(
        actor=actor, agency=agency, key=digest, name=name, source=BatchSource.UPLOAD
    )
    if batch.state == BatchState.DONE:
        return batch
    with transaction.atomic():
        locked = IntakeBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state not in ACTIVE or not locked.upload_digest:
            locked.state, locked.error = BatchState.QUEUED, ""
            locked.upload_digest = digest
            locked.upload_images = {**locked.upload_images, **files}
            locked.save(update_fields=["state", "error", "upload_digest", "upload_images"])
            _schedule(locked.pk)
    batch.refresh_from_db()
    return batch


def _schedule(batch_id: int) -> None:
    transaction.on_commit(lambda: run_upload_task.delay(batch_id))


def cancel(*, actor, batch: IntakeBatch) -> IntakeBatch:
    """Stop a queued or running upload at its next chunk (what is taken stays taken)."""
    services._require_staff(actor, batch.agency, "取消数据批次处理")
    with transaction.atomic():
        locked = IntakeBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state not in ACTIVE:
            raise Conflict("该批次不在处理中", code="offsite_batch_not_running")
        locked.state = BatchState.CANCELLED
        locked.save(update_fields=["state"])
        journal.append(
            events.BATCH_CANCELLED,
            actor=actor,
            subject=locked,
            agency=locked.agency,
            payload={"processed_lines": locked.processed_lines},
        )
    return locked


def resume(*, actor, batch: IntakeBatch) -> IntakeBatch:
    """Queue a cancelled or interrupted upload again; it carries on after `processed_lines`."""
    services._require_staff(actor, batch.agency, "继续处理数据批次")
    with transaction.atomic():
        locked = IntakeBatch.objects.select_for_update().get(pk=batch.pk)
        if (
            locked.state not in (BatchState.CANCELLED, BatchState.FAILED)
            or not locked.upload_digest
        ):
            raise Conflict("该批次无需继续处理", code="offsite_batch_not_resumable")
        locked.state, locked.error = BatchState.QUEUED, ""
        locked.save(update_fields=["state", "error"])
        _schedule(locked.pk)
    return locked


def _until_cancelled(lines, batch_id: int, every: int) -> Iterator:
    """The file's lines, stopping at a chunk boundary once the batch is no longer running."""
    for n, line in enumerate(lines):
        if n and n % every == 0:
            state = IntakeBatch.objects.filter(pk=batch_id).values_list("state", flat=True).first()
            if state != BatchState.RUNNING:
                return
        yield line


def run_upload(batch_id: int, *, chunk_size: int = services.CHUNK) -> IntakeBatch | None:
    from zhifa.evidence import storage
    from zhifa.evidence.models import EvidenceFile

    started = IntakeBatch.objects.filter(pk=batch_id, state=BatchState.QUEUED).update(
        state=BatchState.RUNNING
    )
    if not started:
        return None  # cancelled before it started, or another worker has it
    batch = IntakeBatch.objects.select_related("agency", "created_by").get(pk=batch_id)
    row = EvidenceFile.objects.filter(digest=batch.upload_digest).first()
    if row is None:
        raise InvalidOffsiteInput("上传的记录文件已不在证据存储中，请重新上传")
    handle = storage.open_stored(row.storage_name)
    binary = getattr(handle, "file", handle)
    try:
        fmt = reading.detect_format(batch.name, binary.read(64))
        binary.seek(0)
        if batch.total_lines is None:
            total = reading.count_lines(binary, fmt)
            IntakeBatch.objects.filter(pk=batch_id).update(total_lines=total)
        lines = _until_cancelled(reading.read_lines(binary, fmt), batch_id, chunk_size)
        batch = services.ingest(
            batch,
            lines,
            actor=batch.created_by,
            files=batch.upload_images,
            finish=False,
            chunk_size=chunk_size,
        )
    finally:
        handle.close()
    finished = IntakeBatch.objects.filter(pk=batch_id, state=BatchState.RUNNING).update(
        state=BatchState.DONE, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    if finished:
        services.notify_reviewers(batch)
    return batch


def fail(batch_id: int, message: str) -> None:
    IntakeBatch.objects.filter(pk=batch_id, state__in=ACTIVE).update(
        state=BatchState.FAILED, error=message[:400]
    )


@shared_task(name="zhifa.offsite.tasks.run_upload_task")
def run_upload_task(batch_id: int) -> str:
    """The job: never raises into an inline (eager) run's request; the batch says why it stopped
    and can be resumed from its page."""
    try:
        batch = run_upload(batch_id)
    except Exception as exc:
        logger.exception("offsite upload %s stopped", batch_id)
        message = getattr(exc, "message", "") or exc.__class__.__name__
        fail(batch_id, f"处理中断：{message}")
        return BatchState.FAILED.value
    return batch.state if batch else ""
