from datetime import date

import pytest

from zhifa.core import report_periods as rp


@pytest.mark.parametrize(
    "text, kind, start, end, label",
    [
        ("2026-11", "month", date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
        ("2026-12", "month", date(2026, 12, 1), date(2026, 12, 31), "2026年12月"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("2026-Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31), "2026年第1季度"),
        ("2026-q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度"),
        (" 2026 ", "year", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
    ],
)
def test_parse(text, kind, start, end, label):
    p = rp.parse(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)
    assert rp.parse(p.code) == p
    assert rp.of_kind(p.kind, p.start) == p


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026-Q5", "2026-00", "26-11", "1999", "2026/11", None]
)
def test_parse_refuses(text):
    assert rp.parse(text) is None
