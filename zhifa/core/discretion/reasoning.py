"""The plain-Chinese reasoning paragraph of a recommendation (说理式执法).

A decision must state how the benchmark was applied (国办发〔2022〕27号 §(十二)) and the reasons for the
chosen penalty (交政法发〔2010〕251号 §三(四)). The paragraph names the conduct, the article, the version
rule (APL Art. 37), the benchmark level, the factors and the result, in the order a decision reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from .facts import FactValue
from .model import Outcome, yuan
from .overlimit import VIOLATED_BOTH

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Recommendation


_NOTE = re.compile(r"（[^（）]*[^（）一二三四五六七八九十]）$")


def _article(text: str) -> str:
    """ "第二十四条（货运经营许可）" -> "第二十四条"; keeps item numbers such as 第（一）项."""
    return _NOTE.sub("", text)


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def build_reasoning(rec: Recommendation, facts: Mapping[str, FactValue]) -> str:
    req = rec.request
    parts: list[str] = []
    p = rec.provision
    if p is not None:
        s = f"当事人于{zh_date(req.violation_date)}实施“{p.conduct_zh}”的行为"
        if rec.statute is not None and rec.statute.branch == "overlimit_cumulative":
            # over the mass and the dimensions: both limits of 超限规定第三条第一款 are broken
            s += f"，违反了《{p.law}》{VIOLATED_BOTH}的规定"
        elif p.violated_article:
            s += f"，违反了《{p.law}》{_article(p.violated_article)}的规定"
        parts.append(s + "。")
    for r in rec.reasons:
        if r.code in ("lighter_new_law", "old_law"):
            parts.append(r.text_zh)
    if p is not None and rec.statutory_basis_zh:
        parts.append(f"依据{p.citation}，{rec.statutory_basis_zh}。")
    grounds = [f for f in rec.factors if f.kind in ("no_penalty", "may_exempt")]
    if rec.outcome is not Outcome.PENALISE:
        for f in grounds:
            parts.append(f"经查，{f.text_zh}，符合{f.article}的规定。")
        if rec.outcome is Outcome.MUST_NOT_PENALISE:
            if p is None:
                parts.append("综上，决定不予行政处罚，并对当事人进行教育。")
            else:
                parts.append("综上，依法决定不予行政处罚，并责令当事人改正违法行为、对其进行教育。")
            return "".join(parts)
        parts.append(
            "依法可以不予行政处罚；决定不予处罚的，应当对当事人进行教育并责令改正；决定给予处罚的，按以下意见裁量。"
        )
    if rec.benchmark is not None and rec.level is not None:
        s = f"根据{rec.benchmark.document}，本案属于“{rec.level.label_zh}”情形（{rec.level.source_zh}）"
        if rec.level.kind.value == "mitigated":
            s += "，可以减轻处罚（低于法定最低限）"
        if rec.benchmark_range is not None:
            s += f"，罚款幅度为{rec.benchmark_range.zh()}"
        parts.append(s + "。")
    elif any(r.code == "no_benchmark" for r in rec.reasons):
        parts.append("本省（市）没有适用于本条款的有效裁量基准，在法定幅度内裁量。")
    # a mitigated benchmark level is already named in the level sentence above
    adj = [
        f
        for f in rec.factors
        if f.kind in ("lenient", "severe") or (f.kind == "mitigated" and rec.level is None)
    ]
    for f in adj:
        parts.append(f"当事人{f.text_zh}（{f.article}）。")
    tail = "综合考虑违法行为的事实、性质、情节以及社会危害程度，"
    measures = [
        m.text_zh for m in rec.measures if m.kind in ("confiscation",) and not m.conditional
    ]
    if rec.suggested_amount is not None:
        s = f"{tail}拟处罚款{yuan(rec.suggested_amount)}元"
        # 超限: a warning for the mass with a fine for the dimensions (第四十三条第二款)
        if rec.warning and p is not None and p.warning_mode.value in ("and_fine", "overlimit"):
            s = f"{tail}拟给予警告，并处罚款{yuan(rec.suggested_amount)}元"
    elif rec.recommended_range is not None and any(f.kind == "mitigated" for f in rec.factors):
        s = f"{tail}拟减轻处罚，在{rec.recommended_range.zh()}的范围内确定罚款数额"
    elif rec.warning:
        s = f"{tail}拟给予警告"
    else:
        others = [
            m.text_zh
            for m in rec.measures
            if m.kind in ("suspension_or_revocation", "order") and not m.conditional
        ]
        s = f"{tail}拟{'，'.join(others) if others else '责令改正违法行为'}"
    if measures:
        s += "，" + "，".join(measures)
    s += "，并责令改正违法行为。"
    parts.append(s)
    if rec.hearing_triggered:
        parts.append("当事人依法享有要求听证的权利。")
    return "".join(parts)
