"""Re-hashing stored evidence files against their digests (`manage.py verify_evidence`).

Each file is streamed from storage in chunks (constant memory) and hashed with the algorithm it was
stored under; its size and digest are compared with its row. The outcome of each file is kept on
the row (checked_at, check_ok, check_problem), so the case page can show it without re-reading
gigabytes of video; the run itself is journaled by services.verify_evidence_files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhifa.core import hashchain

from . import storage
from .models import Evidence, EvidenceFile

CHUNK_SIZE = 4 * 1024 * 1024


@dataclass(frozen=True)
class FileProblem:
    file_id: int
    digest: str
    storage_name: str
    problem: str  # missing / size_mismatch / digest_mismatch / unreadable / unknown_algorithm
    evidence: tuple[tuple[int, int], ...] = ()  # (case id, evidence number) using the file

    @property
    def label(self) -> str:
        return str(FILE_PROBLEMS.get(self.problem, self.problem))


FILE_PROBLEMS = {
    "missing": gettext_lazy("存储中找不到文件"),
    "size_mismatch": gettext_lazy("文件大小与登记不符：文件被改动"),
    "digest_mismatch": gettext_lazy("文件内容与摘要不符：文件被改动"),
    "unreadable": gettext_lazy("文件无法读取"),
    "unknown_algorithm": gettext_lazy("哈希算法未知或本机不支持，无法校验"),
}


@dataclass
class FilesResult:
    """What was re-hashed, and every broken file (the first is `broken[0]`)."""

    checked: int = 0
    bytes: int = 0
    broken: list[FileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def first(self) -> FileProblem | None:
        return self.broken[0] if self.broken else None


def files_of(case=None) -> QuerySet[EvidenceFile]:
    qs = EvidenceFile.objects.all()
    if case is not None:
        qs = qs.filter(evidence__case=case).distinct()
    return qs.order_by("id")


def _uses(ef: EvidenceFile) -> tuple[tuple[int, int], ...]:
    return tuple(
        Evidence.objects.filter(file=ef)
        .order_by("case_id", "number")
        .values_list("case_id", "number")
    )


def rehash(ef: EvidenceFile, *, chunk_size: int = CHUNK_SIZE) -> tuple[str, int]:
    """(problem or "", bytes read) for one stored file, streamed."""
    if not hashchain.available(ef.algorithm):
        return "unknown_algorithm", 0
    size = storage.stored_size(ef.storage_name)
    if size is None:
        return "missing", 0
    hasher = storage.new_hasher(ef.algorithm)
    read = 0
    try:
        with storage.open_stored(ef.storage_name) as f:
            while chunk := f.read(chunk_size):
                hasher.update(chunk)
                read += len(chunk)
    except OSError:
        return "unreadable", read
    if read != ef.size:
        return "size_mismatch", read
    if hasher.hexdigest() != ef.digest:
        return "digest_mismatch", read
    return "", read


def _problem(ef: EvidenceFile, code: str) -> FileProblem:
    return FileProblem(ef.pk, ef.digest, ef.storage_name, code, _uses(ef))


def check_file(ef: EvidenceFile, *, chunk_size: int = CHUNK_SIZE) -> FileProblem | None:
    """Re-hash one file now and keep the outcome on its row."""
    code, _ = rehash(ef, chunk_size=chunk_size)
    _store(ef, code)
    return _problem(ef, code) if code else None


def _store(ef: EvidenceFile, code: str) -> None:
    ef.checked_at = timezone.now()
    ef.check_ok = not code
    ef.check_problem = code
    ef.save(update_fields=["checked_at", "check_ok", "check_problem"])


def file_problem(ef: EvidenceFile, *, rehash: bool = False) -> FileProblem | None:
    """Cheap check for pages: present with the right size, and not found broken by the last run."""
    if rehash:
        return check_file(ef)
    size = storage.stored_size(ef.storage_name)
    if size is None:
        return _problem(ef, "missing")
    if size != ef.size:
        return _problem(ef, "size_mismatch")
    if ef.check_ok is False:
        return _problem(ef, ef.check_problem or "digest_mismatch")
    return None


def verify_files(case=None, *, chunk_size: int = CHUNK_SIZE) -> FilesResult:
    """Re-hash every stored file (or the files of one case); every broken file is listed."""
    result = FilesResult()
    for ef in files_of(case).iterator(chunk_size=500):
        code, read = rehash(ef, chunk_size=chunk_size)
        _store(ef, code)
        result.checked += 1
        result.bytes += read
        if code:
            result.broken.append(_problem(ef, code))
    return result
