"""Receiving an evidence upload: hashed and written to a staging file chunk by chunk as it arrives.

Django's own handlers would keep a small file in memory and copy a large one to /tmp before any
check. `install(request)` replaces them, for one request, with `StagingUploadHandler`, which:

- refuses at once a request whose Content-Length is over the limit (nothing is read);
- writes each chunk to a staging file (storage.StagingWriter) while hashing it, and stops the
  upload as soon as the size passes the limit, removing what was written;
- removes its staging file when the upload is interrupted (the body ends before the file does).

It must be installed before anything reads request.POST or request.FILES — the CSRF check does —
so the page view is csrf_exempt and checks CSRF itself after installing it, and the API endpoint's
auth class installs it before ninja's CSRF check (api.py).
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from . import storage
from .errors import UploadTooLarge

# Room for the form fields and multipart boundaries beside the file itself.
FORM_OVERHEAD = 1024 * 1024


class StagedUpload(UploadedFile):
    """What request.FILES holds: the staging file, with its digest and size already known."""

    def __init__(self, staged: storage.StagedFile):
        super().__init__(
            file=None,
            name=staged.name,
            content_type=staged.declared_type,
            size=staged.size,
        )
        self.staged = staged

    def open(self, mode="rb"):
        self.file = open(self.staged.path, mode)  # noqa: SIM115 -- closed by the caller
        return self

    def chunks(self, chunk_size=None):
        with open(self.staged.path, "rb") as f:
            while chunk := f.read(chunk_size or storage.CHUNK_SIZE):
                yield chunk

    def multiple_chunks(self, chunk_size=None):
        return True

    def close(self):
        if self.file is not None:
            self.file.close()


class StagingUploadHandler(FileUploadHandler):
    """One staging file per uploaded file; refusals are kept in `self.refused` for the view."""

    chunk_size = 256 * 1024

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = storage.max_upload_size()
        self.writer: storage.StagingWriter | None = None
        self.refused: UploadTooLarge | None = None
        self.staged: list[storage.StagedFile] = []

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + FORM_OVERHEAD:
            self.refused = storage.too_large(self.limit)
            return QueryDict(), MultiValueDict()  # parsed as empty: nothing is read
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.writer = storage.StagingWriter(limit=self.limit)

    def receive_data_chunk(self, raw_data, start):
        try:
            self.writer.write(raw_data)
        except UploadTooLarge as exc:  # the writer removed its file
            self.writer = None
            self.refused = exc
            raise StopUpload(connection_reset=True) from exc
        return None

    def file_complete(self, file_size):
        if self.writer is None:
            return None
        staged = self.writer.finish(name=self.file_name, declared_type=self.content_type or "")
        self.writer = None
        self.staged.append(staged)
        return StagedUpload(staged)

    def upload_interrupted(self):
        if self.writer is not None:
            self.writer.abort()
            self.writer = None

    def discard_all(self) -> None:
        """Remove every staging file of this request (the view calls it when refusing)."""
        self.upload_interrupted()
        for staged in self.staged:
            staged.discard()


def install(request) -> StagingUploadHandler:
    """Use the staging handler for this request's uploads (before request.POST/FILES is read)."""
    handler = StagingUploadHandler(request)
    request.upload_handlers = [handler]
    request._evidence_upload_handler = handler
    return handler


def handler_of(request) -> StagingUploadHandler | None:
    return getattr(request, "_evidence_upload_handler", None)


def parse(request) -> StagingUploadHandler:
    """Read the body through the staging handler; raise UploadTooLarge (after cleaning up) if refused."""
    handler = handler_of(request) or install(request)
    request.FILES  # noqa: B018 -- parses the multipart body now
    if handler.refused is not None:
        handler.discard_all()
        raise handler.refused
    return handler


def discard_unused(handler: StagingUploadHandler | None, *, used=None) -> None:
    """Remove the request's staging files except the one handed to the service (which the service
    moves into place after commit, or removes itself when it refuses)."""
    if handler is None:
        return
    handler.upload_interrupted()
    kept = getattr(used, "staged", used)
    for staged in handler.staged:
        if staged is not kept:
            staged.discard()
