"""Errors of the evidence app: stable codes, Chinese messages."""

from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class EvidenceNotFound(NotFound):
    code = "evidence_not_found"


class UploadTooLarge(DomainError):
    """The file is over EVIDENCE_MAX_UPLOAD_SIZE; nothing of it is kept."""

    code = "evidence_too_large"
    status = 413


class FileMissing(InvalidInput):
    code = "evidence_file_missing"


class UnsupportedType(InvalidInput):
    """The bytes are none of the accepted types (sniffing.TYPES)."""

    code = "evidence_type_unsupported"
    status = 415


class TypeMismatch(InvalidInput):
    """The declared type or the file name's extension does not match the bytes."""

    code = "evidence_type_mismatch"
    status = 415


class DuplicateEvidence(Conflict):
    """The same file (same digest) is already evidence in this case."""

    code = "evidence_duplicate"


class InvalidEvidence(InvalidInput):
    code = "evidence_invalid_input"


class NotAllowed(PermissionDenied):
    code = "evidence_action_not_allowed"


class CaseClosed(Conflict):
    code = "evidence_case_closed"


class RecordingRequired(Conflict):
    """A mandatory audio-video record (legal.md §B.4) is not attached to the act."""

    code = "recording_required"


class StoredFileUnavailable(Conflict):
    """The stored file is missing from storage (verify_evidence names it)."""

    code = "evidence_file_unavailable"
