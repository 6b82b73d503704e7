"""The committed OpenAPI schema is the contract: a test fails when the code drifts from it.
Regenerate with `make openapi` and review the diff."""

import json
from pathlib import Path

from django.conf import settings

from zhifa.api import api

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def _normalise(schema) -> dict:
    return json.loads(json.dumps(schema, sort_keys=True, ensure_ascii=False))


def test_committed_openapi_schema_matches_the_code():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert _normalise(api.get_openapi_schema()) == committed, "run `make openapi`"


def test_every_operation_is_documented_in_chinese():
    schema = api.get_openapi_schema()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not operation.get("summary")
    ]
    assert missing == []
