"""Where evidence files live: content-addressed by digest, never under a public URL.

A file's name in storage is its digest, split for the file system: `ab/cd/abcdef…` (64 hex
digits). Which storage holds them is a setting:

- default: the local file system under `EVIDENCE_ROOT` (default `<VAR_DIR>/evidence`);
- `STORAGES["evidence"]`, when the settings define it: any Django storage, e.g. an S3-compatible
  bucket through django-storages (README.md, "Storage"). Nothing here ever asks a storage for a URL.

An upload is first written to a staging file (`EVIDENCE_INCOMING_DIR`, default
`<EVIDENCE_ROOT>/.incoming`, on the same file system so the final move is one rename) while it is
hashed chunk by chunk, and moved into place only after its row commits (`place`, called from
`transaction.on_commit`). A refused or failed upload removes its staging file (`StagedFile.discard`);
a staging file left by a crash is removed by `purge_incoming` (run by `verify_evidence`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from zhifa.core import hashchain

from .errors import UploadTooLarge

log = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
DEFAULT_MAX_UPLOAD_SIZE = 2 * 1024**3  # 2 GiB
STAGING_SUFFIX = ".part"


def max_upload_size() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))


def evidence_root() -> Path:
    root = getattr(settings, "EVIDENCE_ROOT", None)
    return Path(root) if root else Path(settings.VAR_DIR) / "evidence"


def uses_local_storage() -> bool:
    return "evidence" not in settings.STORAGES


def evidence_storage() -> Storage:
    """The storage holding evidence files (read from the settings on each call)."""
    if not uses_local_storage():
        return storages["evidence"]
    # No base_url: these files have no URL; they are served only by the scoped download view.
    return FileSystemStorage(location=evidence_root(), base_url=None, file_permissions_mode=0o440)


def incoming_dir() -> Path:
    configured = getattr(settings, "EVIDENCE_INCOMING_DIR", None)
    if configured:
        path = Path(configured)
    elif uses_local_storage():
        path = evidence_root() / ".incoming"
    else:
        path = Path(settings.VAR_DIR) / "evidence-incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_hasher(algorithm: str):
    """An incremental hash object for a journal algorithm (SM3 through OpenSSL, or SHA-256)."""
    if not hashchain.available(algorithm):
        raise ValueError(f"unsupported hash algorithm: {algorithm}")
    return hashlib.new(algorithm)


def storage_name(digest: str) -> str:
    """ "ab/cd/<digest>": two levels of 256 folders keep directories small."""
    return f"{digest[:2]}/{digest[2:4]}/{digest}"


@dataclass
class StagedFile:
    """An upload written to a staging file and hashed; not yet evidence."""

    path: Path
    name: str  # the name the client gave
    declared_type: str  # the Content-Type the client declared ("" when none)
    size: int
    digest: str
    algorithm: str
    placed: bool = field(default=False)

    def discard(self) -> None:
        """Remove the staging file (harmless when already moved or removed)."""
        if not self.placed:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


class StagingWriter:
    """Writes chunks to a new staging file while hashing and counting them, within the size limit."""

    def __init__(self, *, algorithm: str | None = None, limit: int | None = None):
        self.algorithm = algorithm or hashchain.DEFAULT_ALGORITHM
        self.limit = max_upload_size() if limit is None else limit
        # Incremental: the same digest as hashchain.digest(algorithm, whole_bytes), chunk by chunk.
        self.hasher = new_hasher(self.algorithm)
        fd, name = tempfile.mkstemp(suffix=STAGING_SUFFIX, dir=incoming_dir())
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.abort()
            raise too_large(self.limit)
        self.hasher.update(chunk)
        self.file.write(chunk)

    def finish(self, *, name: str, declared_type: str = "") -> StagedFile:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return StagedFile(
            path=self.path,
            name=name,
            declared_type=declared_type or "",
            size=self.size,
            digest=self.hasher.hexdigest(),
            algorithm=self.algorithm,
        )

    def abort(self) -> None:
        try:
            self.file.close()
        finally:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def stage(fileobj, *, name: str = "", declared_type: str = "") -> StagedFile:
    """Stream a Django File / UploadedFile or a binary file object into a staging file."""
    name = name or os.path.basename(getattr(fileobj, "name", "") or "")
    declared_type = declared_type or getattr(fileobj, "content_type", "") or ""
    writer = StagingWriter()
    try:
        if hasattr(fileobj, "chunks"):
            chunks = fileobj.chunks(CHUNK_SIZE)
        else:
            chunks = iter(lambda: fileobj.read(CHUNK_SIZE), b"")
        for chunk in chunks:
            writer.write(chunk)
    except BaseException:
        writer.abort()
        raise
    return writer.finish(name=name, declared_type=declared_type)


def place(staged: StagedFile, name: str) -> None:
    """Move a committed upload's staging file to `name` in storage (skipped when already there).

    Runs after the row committed: it must not raise. A failure is logged and the staging file
    kept, so `verify_evidence` names the file as missing and an operator can still move it.
    """
    try:
        storage = evidence_storage()
        if isinstance(storage, FileSystemStorage):
            target = Path(storage.path(name))
            if target.exists():
                staged.discard()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(staged.path, 0o440)
                os.replace(staged.path, target)  # atomic: same file system
        else:
            if not storage.exists(name):
                with open(staged.path, "rb") as f:
                    saved = storage.save(name, File(f, name=name))
                if saved != name:
                    log.error("evidence storage saved %s as %s", name, saved)
            staged.discard()
        staged.placed = True
    except Exception:
        log.exception(
            "evidence file %s could not be moved into storage; kept at %s", name, staged.path
        )


def open_stored(name: str):
    """The stored file opened for reading in binary (streamed by the caller)."""
    return evidence_storage().open(name, "rb")


def stored_size(name: str) -> int | None:
    """The stored file's size, or None when it is missing."""
    storage = evidence_storage()
    try:
        if not storage.exists(name):
            return None
        return storage.size(name)
    except OSError:
        return None


def purge_incoming(*, older_than_seconds: int = 24 * 3600) -> int:
    """Remove staging files left by crashed or rolled-back uploads; returns how many."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in incoming_dir().glob(f"*{STAGING_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


def too_large(limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        f"文件超过大小上限（{size_label(limit)}），未予保存。",
        details={"limit": limit, "limit_label": size_label(limit)},
    )


def size_label(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} 字节"
