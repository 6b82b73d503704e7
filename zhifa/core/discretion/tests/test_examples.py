"""Benchmarks whose issuing province or document cannot be attributed are examples (示例): never
applied by the engine, never shown as 有效."""

from __future__ import annotations

from datetime import date

from zhifa.core.discretion import RecommendationRequest, recommend


def test_unattributable_tables_are_examples(cat) -> None:
    examples = {b.id for b in cat.benchmarks if not b.attributable}
    # province not shown, and a province named but the document never seen (律师问答转述)
    assert "bm-rtr2019-63-717b13" in examples and "bm-hl-76-5-99cba8" in examples
    # a named provincial document stays applicable
    assert "bm-hl-76-1-da252f" not in examples
    assert all(b.province is None or "未" in b.document for b in cat.benchmarks if b.id in examples)


def test_an_example_is_never_applied(cat) -> None:
    req = RecommendationRequest(
        "hl-76-5",
        "湖南",
        date(2025, 3, 1),
        date(2025, 3, 10),
        "legal_person",
        {"overlimit_ratio": 10},
    )
    rec = recommend(cat, req)
    assert rec.benchmark is None or rec.benchmark.id != "bm-hl-76-5-99cba8"
    assert "benchmark_example" in {r.code for r in rec.reasons}
