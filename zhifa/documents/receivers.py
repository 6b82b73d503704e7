"""The archive step (归档) makes the case file: `cases.signals.case_archived` is sent inside the
archive transaction. A document that cannot be issued does not block archiving: the case file
lists it as not issued and the journal says why.

Inside `case_files_deferred()` (the demo's bulk load) the archive makes no case file: it is made
when it is first downloaded (`ensure_case_file`), so loading hundreds of archived sample cases does
not render hundreds of PDFs nobody opens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.dispatch import receiver

from zhifa.cases.signals import case_archived
from zhifa.core.errors import DomainError
from zhifa.records import journal

from . import events

_DEFERRED: ContextVar[bool] = ContextVar("case_files_deferred", default=False)


@contextmanager
def case_files_deferred() -> Iterator[None]:
    """Archive without making the case file; it is made on first download."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


@receiver(case_archived, dispatch_uid="documents.case_file_at_archive")
def make_case_file_at_archive(sender, case, actor=None, as_of=None, **kwargs):
    from .services import make_case_file  # services import cases' models; receivers load first

    if _DEFERRED.get():
        return

    try:
        with transaction.atomic():
            make_case_file(case, actor=actor, as_of=as_of)
    except DomainError as exc:
        journal.append(
            events.CASE_FILE_FAILED,
            actor=actor,
            subject=case,
            agency=case.agency,
            payload={"case_id": case.pk, "code": exc.code, "message": exc.message},
        )
