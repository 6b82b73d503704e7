"""Errors of the evidence app: stable codes, Chinese messages."""

from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class EvidenceNotFound(NotFound, code="evidence_not_found"): ...


class UploadTooLarge(DomainError, code="evidence_too_large", status=413):
    """The file is over EVIDENCE_MAX_UPLOAD_SIZE; nothing of it is kept."""


class FileMissing(InvalidInput, code="evidence_file_missing"): ...


class UnsupportedType(InvalidInput, code="evidence_type_unsupported", status=415):
    """The bytes are none of the accepted types (sniffing.TYPES)."""


class TypeMismatch(InvalidInput, code="evidence_type_mismatch", status=415):
    """The declared type or the file name's extension does not match the bytes."""


class DuplicateEvidence(Conflict, code="evidence_duplicate"):
    """The same file (same digest) is already evidence in this case."""


class InvalidEvidence(InvalidInput, code="evidence_invalid_input"): ...


class NotAllowed(PermissionDenied, code="evidence_action_not_allowed"): ...


class CaseClosed(Conflict, code="evidence_case_closed"): ...


class RecordingRequired(Conflict, code="recording_required"):
    """A mandatory audio-video record (legal.md §B.4) is not attached to the act."""


class StoredFileUnavailable(Conflict, code="evidence_file_unavailable"):
    """The stored file is missing from storage (verify_evidence names it)."""
