"""Domain errors of the documents app, with stable codes and Chinese messages."""

from zhifa.core.errors import Conflict, InvalidInput, NotFound


class MissingFields(InvalidInput, code="document_missing_fields"): ...


class FontMissingGlyphs(InvalidInput, code="document_font_missing_glyphs"): ...


class StepNotHappened(Conflict, code="document_step_not_happened"): ...


class AlreadyIssued(Conflict, code="document_already_issued"): ...


class NotIssued(Conflict, code="document_not_issued"): ...


class DocumentNotFound(NotFound, code="document_not_found"): ...
