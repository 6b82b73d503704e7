"""Per-province parameters (省级参数): model `ProvinceParameter`, data file
`zhifa/cases/data/province_parameters.json`, loader `load_province_parameters` (command
`manage.py load_province_parameters`), lookup `province_value`.

Where the law leaves a value to the province (the "large amount" of APL Art. 63(3) and TEPP Art.
80 para 2; the statement window of APL Arts. 44, 62), the platform holds it per province with the
document it comes from and the date it applies from; a province without it gets None, and the
decision that needs it is refused (never another body's figure).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from zhifa.core.errors import InvalidInput

DATA_FILE = Path(__file__).resolve().parent / "data" / "province_parameters.json"

LARGE_FINE_PERSON = "large_fine_person"
LARGE_FINE_ORGANISATION = "large_fine_organisation"
LARGE_CONFISCATION_PERSON = "large_confiscation_person"
LARGE_CONFISCATION_ORGANISATION = "large_confiscation_organisation"
STATEMENT_WINDOW = "statement_window_working_days"

KEYS = {
    LARGE_FINE_PERSON: "较大数额罚款（公民，元）",
    LARGE_FINE_ORGANISATION: "较大数额罚款（法人或者其他组织，元）",
    LARGE_CONFISCATION_PERSON: "较大数额违法所得或较大价值非法财物（公民，元）",
    LARGE_CONFISCATION_ORGANISATION: "较大数额违法所得或较大价值非法财物（法人或者其他组织，元）",
    STATEMENT_WINDOW: "陈述申辩期（工作日）",
}


def province_row(province: str | None, key: str, as_of: date):
    """The row in force on `as_of` (latest `effective_from` not after it), or None."""
    if not province:
        return None
    rows = _province_rows(province)  # latest effective_from first
    return next((r for r in rows if r.key == key and r.effective_from <= as_of), None)


def _province_rows(province: str) -> list:
    """The province's rows, one query (once per snapshot scope: a snapshot reads four keys)."""
    from .models import ProvinceParameter
    from .selectors import _memo

    return _memo(
        ("province_parameters", province),
        lambda: list(
            ProvinceParameter.objects.filter(province=province).order_by("-effective_from", "-id")
        ),
    )


def province_value(province: str | None, key: str, as_of: date) -> Decimal | None:
    row = province_row(province, key, as_of)
    return row.value if row is not None else None


def _row(item: dict, i: int) -> dict:
    try:
        province = str(item["province"]).strip()
        key = str(item["key"]).strip()
        value = Decimal(str(item["value"]))
        source = str(item["source"]).strip()
        effective = date.fromisoformat(str(item["effective_from"]))
    except (KeyError, ValueError, InvalidOperation, TypeError):
        raise InvalidInput(
            f"省级参数第{i + 1}条格式有误（须有省份、参数、数值、依据文件、施行日期）",
            code="province_parameter_invalid",
            details={"row": i + 1},
        ) from None
    if key not in KEYS or not province or not source or not value.is_finite() or value < 0:
        raise InvalidInput(
            f"省级参数第{i + 1}条有误：未知参数或缺少依据文件",
            code="province_parameter_invalid",
            details={"row": i + 1, "key": key},
        )
    return {
        "province": province,
        "key": key,
        "value": value,
        "source": source[:300],
        "effective_from": effective,
        "note": str(item.get("note") or "")[:300],
    }


def load_province_parameters(path: Path | str = DATA_FILE) -> int:
    """Load (insert or update) every row of the data file; returns the number of rows."""
    from .models import ProvinceParameter

    data = json.loads(Path(path).read_text("utf-8"))
    rows = [_row(item, i) for i, item in enumerate(data.get("parameters") or [])]
    with transaction.atomic():
        for r in rows:
            ProvinceParameter.objects.update_or_create(
                province=r["province"],
                key=r["key"],
                effective_from=r["effective_from"],
                defaults={"value": r["value"], "source": r["source"], "note": r["note"]},
            )
    return len(rows)
