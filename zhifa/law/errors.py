"""Errors of the law catalogue, with stable codes and Chinese messages."""

from zhifa.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied


class NotSignedIn(DomainError, code="unauthenticated", status=401): ...


class ProvisionNotFound(NotFound, code="provision_not_found"): ...


class ProvinceNotFound(InvalidInput, code="province_not_found"):
    """A place the request names that is no province (bad input, so 422 like other bad input)."""


class InvalidLawData(InvalidInput, code="invalid_law_data"):
    """A record of shared/data that the core parsers refuse: the load stops and nothing is written."""


class BenchmarkImportInvalid(InvalidInput, code="benchmark_import_invalid"):
    """An Excel file with bad rows: `details["errors"]` lists every one (sheet, line, reason)."""


class ImportNotAllowed(PermissionDenied, code="benchmark_import_forbidden"): ...
