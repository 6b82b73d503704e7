"""Taking a whole file: its digest names the batch (the same file again is the same batch), its
lines go through `services.ingest`, resuming where an interrupted run stopped."""

from __future__ import annotations

import hashlib

from zhifa.core import hashchain

from . import reading, services
from .choices import BatchSource


def file_digest(binary) -> str:
    h = hashlib.new(hashchain.DEFAULT_ALGORITHM)
    for block in iter(lambda: binary.read(1 << 20), b""):
        h.update(block)
    binary.seek(0)
    return h.hexdigest()


def ingest_file(
    binary,
    *,
    actor,
    agency,
    name: str,
    source: str = BatchSource.UPLOAD,
    files: dict[str, str] | None = None,
    chunk_size: int = services.CHUNK,
):
    head = binary.read(64)
    binary.seek(0)
    fmt = reading.detect_format(name, head)
    key = file_digest(binary)
    total = reading.count_lines(binary, fmt)
    batch = services.start_batch(
        actor=actor, agency=agency, key=key, name=name, source=source, total_lines=total
    )
    already = batch.state == "done"
    batch = services.ingest(
        batch, reading.read_lines(binary, fmt), actor=actor, files=files, chunk_size=chunk_size
    )
    if not already:
        services.notify_reviewers(batch)
    return batch
