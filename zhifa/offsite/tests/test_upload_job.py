"""A page upload is a background job: the request stores and queues; the batch page polls the
progress; a cancel stops at a chunk boundary; a resume carries on; a failure says why."""

import io

import pytest

from zhifa.offsite import jobs
from zhifa.offsite.models import IntakeBatch, Record

from .test_intake import fixture_lines


def upload(offsite, name="stations.jsonl"):
    f = io.BytesIO(("\n".join(fixture_lines(offsite["image"])) + "\n").encode())
    f.name = name
    return f


@pytest.mark.django_db
def test_the_request_only_queues_and_the_page_polls_until_done(
    client, offsite, django_capture_on_commit_callbacks
):
    client.force_login(offsite["officer"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.post("/offsite/", {"file": upload(offsite)}).status_code == 302
    batch = IntakeBatch.objects.get()
    assert len(queued) == 1  # the job, handed to Celery after the commit
    assert (batch.state, batch.processed_lines, Record.objects.count()) == ("queued", 0, 0)
    polled = client.get(f"/offsite/batches/{batch.pk}/", headers={"HX-Request": "true"})
    text = polled.content.decode()
    assert 'hx-trigger="every 2s"' in text and "排队待处理" in text and "<html" not in text
    assert jobs.run_upload_task(batch.pk) == "done"
    batch.refresh_from_db()
    assert (batch.state, batch.processed_lines, batch.accepted, batch.rejected_lines) == (
        "done",
        15,
        3,
        12,
    )
    done = client.get(f"/offsite/batches/{batch.pk}/", headers={"HX-Request": "true"})
    assert "hx-get" not in done.content.decode() and "errors.csv" in done.content.decode()
    # the same file again: the same batch, nothing queued, nothing stored twice
    with django_capture_on_commit_callbacks(execute=True) as again:
        client.post("/offsite/", {"file": upload(offsite, "again.jsonl")})
    assert not again and IntakeBatch.objects.count() == 1 and Record.objects.count() == 3


@pytest.mark.django_db
def test_cancel_then_resume_carries_on_where_it_stopped(
    client, offsite, django_capture_on_commit_callbacks
):
    client.force_login(offsite["officer"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/offsite/", {"file": upload(offsite)})
    batch = IntakeBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/offsite/batches/{batch.pk}/cancel/").status_code == 302
    batch.refresh_from_db()
    assert batch.state == "cancelled"
    assert jobs.run_upload_task(batch.pk) == ""  # a cancelled job does not start
    assert Record.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/offsite/batches/{batch.pk}/resume/")
    batch.refresh_from_db()
    assert (batch.state, batch.processed_lines, batch.accepted) == ("done", 15, 3)


@pytest.mark.django_db
def test_the_job_stops_at_a_chunk_boundary_once_cancelled(offsite, world):
    batch = IntakeBatch.objects.create(agency=world.hangzhou, key="k", source="upload")
    lines = jobs._until_cancelled(iter(range(10)), batch.pk, every=4)
    taken = [next(lines) for _ in range(4)]
    IntakeBatch.objects.filter(pk=batch.pk).update(state="cancelled")
    assert taken == [0, 1, 2, 3] and list(lines) == []


@pytest.mark.django_db
def test_a_lost_file_fails_the_batch_with_the_reason_and_no_500(
    client, offsite, django_capture_on_commit_callbacks
):
    from zhifa.evidence.models import EvidenceFile

    client.force_login(offsite["officer"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/offsite/", {"file": upload(offsite)})
    batch = IntakeBatch.objects.get()
    EvidenceFile.objects.filter(digest=batch.upload_digest).delete()
    assert jobs.run_upload_task(batch.pk) == "failed"
    batch.refresh_from_db()
    assert batch.state == "failed" and "重新上传" in batch.error
    page = client.get(f"/offsite/batches/{batch.pk}/").content.decode()
    assert "处理中断" in page and "从中断处继续" in page
