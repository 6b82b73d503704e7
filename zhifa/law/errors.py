"""Errors of the law catalogue, with stable codes and Chinese messages."""

from zhifa.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied


class NotSignedIn(DomainError):
    code = "unauthenticated"
    status = 401


class ProvisionNotFound(NotFound):
    code = "provision_not_found"


class ProvinceNotFound(InvalidInput):
    """A place the request names that is no province (bad input, so 422 like other bad input)."""

    code = "province_not_found"


class InvalidLawData(InvalidInput):
    """A record of shared/data that the core parsers refuse: the load stops and nothing is written."""

    code = "invalid_law_data"


class BenchmarkImportInvalid(InvalidInput):
    """An Excel file with bad rows: `details["errors"]` lists every one (sheet, line, reason)."""

    code = "benchmark_import_invalid"


class ImportNotAllowed(PermissionDenied):
    code = "benchmark_import_forbidden"
