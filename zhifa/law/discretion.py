"""Adapter between requests (pages, API) and the pure discretion engine.

It resolves the province a person names (region id, "甘肃省", "浙江（临海市）") to the name the engine's
benchmarks use, builds the engine's request, and turns the engine's answer into plain data for a page or
JSON. Every rule stays in zhifa.core.discretion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.core.discretion import (
    FACTS,
    Recommendation,
    RecommendationRequest,
    check_deviation,
    hearing_required,
    recommend,
)
from zhifa.core.discretion.engine import OUTCOME_ZH, PARTY_KINDS, allowed_facts
from zhifa.core.discretion.model import LEVEL_KIND_ZH, Range
from zhifa.core.errors import InvalidInput

from .choices import Scope
from .errors import ProvinceNotFound
from .provinces import province_index, resolve_issuer, resolve_province, short_name
from .selectors import _require_user
from .services import current_catalogue


def engine_province(value: str | int | None) -> str:
    """The place as the engine's benchmarks name it: "甘肃" for 甘肃省 or its region id,
    "浙江（临海市）" for a city table, "长江海事局" for a directly administered body."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput("须填写省份（或城市、海事机构）。", code="discretion.province_required")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        region = resolve_province(int(value))
        if region is None:
            raise ProvinceNotFound("未找到该省份。", details={"province": value})
        return short_name(region.name)
    text = value.strip()
    index = province_index()
    issuer = resolve_issuer(text, index)
    if issuer.scope == Scope.UNKNOWN:
        raise ProvinceNotFound(f"无法识别的省份“{text}”。", details={"province": text})
    if issuer.scope == Scope.PROVINCIAL and len(issuer.provinces) == 1:
        return short_name(issuer.provinces[0].name)
    if issuer.scope == Scope.LOCAL:
        return f"{short_name(issuer.provinces[0].name)}（{issuer.locality}）"
    return text


def recommend_for(
    user,
    *,
    provision_id: str,
    province: str | int,
    violation_date: date,
    decision_date: date,
    party_kind: str,
    facts: dict[str, Any] | None = None,
    discovered_on: date | None = None,
    maritime: bool | None = None,
) -> Recommendation:
    """The engine's explained recommendation on the stored catalogue."""
    _require_user(user)
    if not isinstance(facts or {}, dict):
        raise InvalidInput("facts 应为对象（事实名称→值）。", code="discretion.invalid_fact_value")
    request = RecommendationRequest(
        provision_id=(provision_id or "").strip(),
        province=engine_province(province),
        violation_date=violation_date,
        decision_date=decision_date,
        party_kind=party_kind,
        facts=dict(facts or {}),
        discovered_on=discovered_on,
        maritime=maritime,
    )
    return recommend(current_catalogue(), request)


def deviation_for(user, rec: Recommendation, amount, reason: str) -> dict[str, Any]:
    """Whether an amount departs from the recommendation; departing needs a reason and approval."""
    _require_user(user)
    dev = check_deviation(rec, amount, reason)
    return {
        "amount": _money(dev.amount),
        "within_recommended": dev.within_recommended,
        "within_statutory": dev.within_statutory,
        "below_statutory_minimum": dev.below_statutory_minimum,
        "requires_approval": dev.requires_approval,
        "approval": dev.approval,
        "reason": dev.reason,
        "message": dev.message_zh,
        "hearing_triggered": hearing_required(current_catalogue(), rec, dev.amount),
    }


def fact_fields(user, provision_id: str, province: str | int | None) -> list[dict[str, Any]]:
    """The facts a request may state for a provision in a province, for the calculator's form."""
    _require_user(user)
    cat = current_catalogue()
    try:
        place = engine_province(province) if province not in (None, "") else ""
    except InvalidInput:
        place = ""
    names = allowed_facts(cat, cat.provision(provision_id).id, place)
    specs = [FACTS[n] for n in names if n in FACTS]
    specs.sort(key=lambda s: list(FACTS).index(s.name))
    return [
        {
            "name": s.name,
            "type": s.type,
            "label": s.label_zh,
            "unit": s.unit,
            "choices": list(s.choices),
            "article": s.article,
        }
        for s in specs
    ]


def _money(d: Decimal | None) -> str | None:
    if d is None:
        return None
    q = d.quantize(Decimal("0.01"))
    return str(q.to_integral_value()) if q == q.to_integral_value() else str(q)


def _range(r: Range | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"low": _money(r.low), "high": _money(r.high), "text": r.zh()}


def serialize(rec: Recommendation) -> dict[str, Any]:
    """The whole explained recommendation as plain data (API response and page context)."""
    p = rec.provision
    bm = rec.benchmark
    lv = rec.level
    return {
        "outcome": rec.outcome.value,
        "outcome_text": OUTCOME_ZH[rec.outcome],
        "provision": {"id": p.id, "citation": p.citation, "conduct": p.conduct_zh} if p else None,
        "act_version_id": rec.act_version_id,
        "decision_version_id": rec.decision_version_id,
        "statutory_range": _range(rec.statutory_range),
        "statutory_basis": rec.statutory_basis_zh,
        "formula": rec.formula,
        "warning": rec.warning,
        "benchmark": {
            "id": bm.id,
            "document": bm.document,
            "province": bm.province,
            "version": rec.benchmark_version,
        }
        if bm
        else None,
        "level": {
            "label": lv.label_zh,
            "kind": lv.kind.value,
            "kind_text": LEVEL_KIND_ZH[lv.kind],
            "conditions": lv.source_zh,
        }
        if lv
        else None,
        "benchmark_range": _range(rec.benchmark_range),
        "recommended_range": _range(rec.recommended_range),
        "suggested_amount": _money(rec.suggested_amount),
        "mitigation_permitted": rec.mitigation_permitted,
        "factors": [
            {
                "kind": f.kind,
                "code": f.code,
                "text": f.text_zh,
                "article": f.article,
                "mandatory": f.mandatory,
                "row_id": f.row_id,
            }
            for f in rec.factors
        ],
        "measures": [
            {"kind": m.kind, "text": m.text_zh, "article": m.article, "conditional": m.conditional}
            for m in rec.measures
        ],
        "hearing": {"triggered": rec.hearing_triggered, "threshold": _money(rec.hearing_threshold)},
        "exemption": {
            "id": rec.exemption.id,
            "conduct": rec.exemption.conduct_zh,
            "conditions": list(rec.exemption.conditions_zh),
        }
        if rec.exemption
        else None,
        "missing_facts": [
            {"name": n, "label": FACTS[n].label_zh if n in FACTS else n} for n in rec.missing_facts
        ],
        "settings_used": [{"name": k, "value": v} for k, v in rec.settings_used],
        "reasons": [
            {"code": r.code, "text": r.text_zh, "article": r.article, "row_id": r.row_id}
            for r in rec.reasons
        ],
        "reasoning": rec.reasoning,
    }


PARTY_KIND_CHOICES = list(PARTY_KINDS.items())
