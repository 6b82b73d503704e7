"""评议考核 and 案卷评查: the pure rules (legal.md §E.6; T3 《交通运输行政执法评议考核规定》).

Facts in, result out; nothing here reads the clock or the database.

- A scheme's items carry weights on the 100-point scale (T3 Art. 14: provinces set items and weights);
  `standard` items are marked by the evaluator, `automatic` items are scored from a figure (overdue
  rate, legal-review coverage, case-file review score…) on a linear scale, `bonus` items add points
  (T3 Art. 17) up to the scheme's cap.
- Self-correction with accountability lowers a deduction (T3 Art. 18) by the scheme's relief share.
- Any of the six T3 Art. 15 triggers makes the result "below standard" whatever the score.
- Bands (T3 Art. 14: 优秀、达标、不达标): the spec and T3 give no numbers; each scheme states its two
  thresholds (defaults 90 and 60, as provincial schemes commonly do).
- Case-file review (T3 Art. 16 案卷评查): a stratified random sample reproducible from its seed, and a
  checklist built from the T3 Art. 7 standards and the legal-review points (TEPP Art. 72).
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from zhifa.core.errors import InvalidInput

FULL_SCALE = Decimal(100)
DEFAULT_EXCELLENT_MIN = Decimal(90)
DEFAULT_MEETS_MIN = Decimal(60)
DEFAULT_BONUS_CAP = Decimal(5)
DEFAULT_SELF_CORRECTION_RELIEF = Decimal("0.5")
APPEAL_DAYS = 15  # T3 Art. 20: "十五日内" — natural days (the text does not say 工作日)

STANDARD, AUTOMATIC, BONUS = "standard", "automatic", "bonus"
ITEM_KINDS = (STANDARD, AUTOMATIC, BONUS)

EXCELLENT, MEETS, BELOW = "excellent", "meets", "below"
BAND_LABELS = {EXCELLENT: "优秀", MEETS: "达标", BELOW: "不达标"}

# T3 Art. 15: any one of these makes the result "below standard".
BELOW_TRIGGERS = {
    "harm": "违法执法造成人员伤亡或者引发群体性事件，造成恶劣影响",
    "petitions": "违法执法未纠正，引发长期赴京或者到省上访",
    "media": "违法执法引起新闻媒体集中负面报道",
    "uncorrected": "对上级指出的严重问题拒不整改",
    "closed_file_edit": "事后补充、修改已办结的执法案卷",
    "obstruction": "拒绝或者阻挠评议考核",
}
AUTOMATIC_TRIGGERS = frozenset({"closed_file_edit"})  # found in the journal, never ticked by hand


def _d(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise InvalidInput("分值格式有误。", code="evaluation_bad_number") from exc


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- schemes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of a scheme. For `automatic` items: `feed` names the figure, the item earns its full
    weight at `full_at` or better and nothing at `zero_at` or worse (either direction)."""

    code: str
    label: str
    kind: str
    weight: Decimal
    feed: str = ""
    full_at: Decimal | None = None
    zero_at: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    items: tuple[Item, ...]
    excellent_min: Decimal = DEFAULT_EXCELLENT_MIN
    meets_min: Decimal = DEFAULT_MEETS_MIN
    bonus_cap: Decimal = DEFAULT_BONUS_CAP
    self_correction_relief: Decimal = DEFAULT_SELF_CORRECTION_RELIEF


def scheme_problems(scheme: Scheme, feeds: Iterable[str] = ()) -> list[str]:
    """Why a scheme cannot be used (empty when it can): T3 Art. 14, a 100-point scale."""
    problems: list[str] = []
    codes = [i.code for i in scheme.items]
    if len(set(codes)) != len(codes):
        problems.append("考核项目编号重复")
    scored = sum((i.weight for i in scheme.items if i.kind != BONUS), Decimal(0))
    if scored != FULL_SCALE:
        problems.append(f"考核项目分值合计应为100分，现为{_q(scored)}分")
    known = set(feeds)
    for i in scheme.items:
        if i.kind not in ITEM_KINDS:
            problems.append(f"项目“{i.label}”的类别无法识别")
        if i.weight <= 0:
            problems.append(f"项目“{i.label}”的分值应大于0")
        if i.kind == AUTOMATIC:
            if known and i.feed not in known:
                problems.append(f"项目“{i.label}”的自动计分指标无法识别")
            if i.full_at is None or i.zero_at is None or i.full_at == i.zero_at:
                problems.append(f"项目“{i.label}”应设置不同的满分值和零分值")
    if not (Decimal(0) < scheme.meets_min < scheme.excellent_min <= FULL_SCALE):
        problems.append("等次分数线应满足：0 < 达标线 < 优秀线 ≤ 100")
    if scheme.bonus_cap < 0:
        problems.append("加分上限不能为负数")
    if not (Decimal(0) <= scheme.self_correction_relief <= 1):
        problems.append("自查自纠减扣比例应在0到1之间")
    return problems


def automatic_points(item: Item, value) -> Decimal | None:
    """Points an automatic item earns for `value` (None when there is no figure: nothing to judge,
    the item then earns its full weight and the result says so)."""
    if value is None:
        return None
    v, full, zero = _d(value), item.full_at, item.zero_at
    assert full is not None and zero is not None
    share = (zero - v) / (zero - full)  # 1 at full_at, 0 at zero_at, whichever way round
    share = min(Decimal(1), max(Decimal(0), share))
    return _q(item.weight * share)


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """The evaluator's deduction on a standard item (T3 Art. 18: self-corrected → less)."""

    deduction: Decimal
    note: str = ""
    self_corrected: bool = False


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    kind: str
    weight: Decimal
    points: Decimal
    why: str


@dataclass(frozen=True)
class Result:
    total: Decimal
    band: str
    lines: tuple[Line, ...]
    triggers: tuple[str, ...]
    reasons: tuple[str, ...] = field(default=())

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]


def band_for(total: Decimal, scheme: Scheme, triggers: Sequence[str] = ()) -> str:
    if triggers:
        return BELOW  # T3 Art. 15
    if total >= scheme.excellent_min:
        return EXCELLENT
    if total >= scheme.meets_min:
        return MEETS
    return BELOW


def score(
    scheme: Scheme,
    *,
    marks: Mapping[str, Mark],
    figures: Mapping[str, object],
    bonus: Mapping[str, object] = {},
    triggers: Iterable[str] = (),
) -> Result:
    """The 100-point score, the band and one line per item (T3 Arts. 14, 15, 17, 18)."""
    unknown = [t for t in triggers if t not in BELOW_TRIGGERS]
    if unknown:
        raise InvalidInput("不达标情形无法识别。", code="evaluation_bad_trigger")
    lines: list[Line] = []
    bonus_sum = Decimal(0)
    for item in scheme.items:
        if item.kind == STANDARD:
            mark = marks.get(item.code, Mark(Decimal(0)))
            ded = _d(mark.deduction)
            if ded < 0 or ded > item.weight:
                raise InvalidInput(
                    f"项目“{item.label}”的扣分应在0到{item.weight}分之间。",
                    code="evaluation_bad_deduction",
                )
            if mark.self_corrected:
                ded = ded * (1 - scheme.self_correction_relief)
            why = mark.note or ("未扣分" if not ded else "扣分")
            if mark.self_corrected and ded:
                why += "（自查自纠并追责，减扣）"
            lines.append(
                Line(item.code, item.label, item.kind, item.weight, _q(item.weight - ded), why)
            )
        elif item.kind == AUTOMATIC:
            value = figures.get(item.feed)
            pts = automatic_points(item, value)
            if pts is None:
                lines.append(
                    Line(
                        item.code,
                        item.label,
                        item.kind,
                        item.weight,
                        item.weight,
                        "本期无数据，不扣分",
                    )
                )
            else:
                lines.append(
                    Line(item.code, item.label, item.kind, item.weight, pts, f"指标值 {value}")
                )
        else:
            pts = _d(bonus.get(item.code, 0))
            if pts < 0 or pts > item.weight:
                raise InvalidInput(
                    f"加分项目“{item.label}”应在0到{item.weight}分之间。",
                    code="evaluation_bad_bonus",
                )
            bonus_sum += pts
            lines.append(Line(item.code, item.label, item.kind, item.weight, _q(pts), "加分"))
    base = sum((ln.points for ln in lines if ln.kind != BONUS), Decimal(0))
    total = _q(min(FULL_SCALE, base + min(bonus_sum, scheme.bonus_cap)))
    found = tuple(sorted(set(triggers)))
    reasons = tuple(BELOW_TRIGGERS[t] for t in found)
    return Result(total, band_for(total, scheme, found), tuple(lines), found, reasons)


# --- journal: edits to a closed case file (T3 Art. 15(5)) ----------------------------------------

# Journal events that change what a case file holds. Reading, exporting, verifying, archiving,
# remedies and deadlines are not edits; these are.
FILE_EDIT_EVENTS = frozenset(
    {
        "case.details_updated",
        "case.officers_assigned",
        "case.evidence_recorded",
        "case.recommended",
        "case.deviation_approved",
        "document.issued",
        "document.corrected",
        "document.withdrawn",
        "evidence.collected",
    }
)
CLOSING_EVENT = "case.close_case"


@dataclass(frozen=True)
class FileEvent:
    case_id: int
    event_type: str
    occurred_at: datetime
    entry_id: int = 0


def closed_file_edits(events: Iterable[FileEvent]) -> list[FileEvent]:
    """The edits made to a case file after the case was closed (结案), in time order."""
    ordered = sorted(events, key=lambda e: (e.occurred_at, e.entry_id))
    closed: set[int] = set()
    edits = []
    for e in ordered:
        if e.event_type == CLOSING_EVENT:
            closed.add(e.case_id)
        elif e.case_id in closed and e.event_type in FILE_EDIT_EVENTS:
            edits.append(e)
    return edits


# --- case-file review: the sample ----------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    case_id: int
    agency_id: int
    provision_id: int | None


def allocate(sizes: Mapping[tuple, int], n: int) -> dict[tuple, int]:
    """Proportional allocation of `n` draws over strata (largest remainder; ties by stratum key),
    never more than a stratum holds."""
    total = sum(sizes.values())
    n = max(0, min(n, total))
    if not total or not n:
        return {k: 0 for k in sizes}
    exact = {k: Decimal(v) * n / total for k, v in sizes.items()}
    out = {k: int(x) for k, x in exact.items()}
    left = n - sum(out.values())
    order = sorted(sizes, key=lambda k: (-(exact[k] - out[k]), repr(k)))
    for k in order:
        if left <= 0:
            break
        if out[k] < sizes[k]:
            out[k] += 1
            left -= 1
    return out


def draw_sample(population: Iterable[Candidate], n: int, seed: str) -> list[Candidate]:
    """A random sample of `n` cases stratified by (agency, provision), reproducible: the same
    population and seed give the same sample, whatever order the rows came in."""
    strata: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in population:
        strata[(c.agency_id, c.provision_id or 0)].append(c)
    quota = allocate({k: len(v) for k, v in strata.items()}, n)
    rng = random.Random(int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16))
    chosen: list[Candidate] = []
    for key in sorted(strata):
        rows = sorted(strata[key], key=lambda c: c.case_id)
        chosen += rng.sample(rows, quota[key])
    return sorted(chosen, key=lambda c: c.case_id)


# --- case-file review: the checklist -------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    points: Decimal
    basis: str


# T3 Art. 7 (penalty and coercion standards) and the legal-review points (TEPP Art. 72; legal.md
# §F.3) that are not already among them; 100 points in all.
CHECKLIST: tuple[CheckItem, ...] = (
    CheckItem("body", "执法主体合法，在法定职权范围内实施", Decimal(10), "T3 Art. 7(1)"),
    CheckItem("no_ultra_vires", "无超越职权、滥用职权实施处罚", Decimal(10), "T3 Art. 7(2)"),
    CheckItem("facts", "事实清楚，证据确凿充分", Decimal(15), "T3 Art. 7(3)"),
    CheckItem(
        "evidence",
        "调查取证合法、及时、客观、全面，无篡改伪造隐匿毁灭证据",
        Decimal(10),
        "T3 Art. 7(4)",
    ),
    CheckItem("law", "定性准确，适用法律正确，裁量适当", Decimal(15), "T3 Art. 7(5); TEPP Art. 72"),
    CheckItem("procedure", "执法程序合法", Decimal(15), "T3 Art. 7(6)"),
    CheckItem("property", "扣押、没收财物保管处置规范，无截留挪用", Decimal(5), "T3 Art. 7(7)"),
    CheckItem("rights", "依法告知，保障陈述、申辩和听证权利", Decimal(10), "T3 Art. 7(8)"),
    CheckItem("documents", "执法文书完备、规范", Decimal(5), "T3 Art. 7(9); TEPP Art. 72"),
    CheckItem("crime_transfer", "涉嫌犯罪的依法移送司法机关", Decimal(5), "TEPP Art. 72"),
)
CHECKLIST_BY_CODE = {i.code: i for i in CHECKLIST}


@dataclass(frozen=True)
class Finding:
    code: str
    deduction: Decimal
    note: str


def review_score(findings: Iterable[Finding]) -> Decimal:
    """A case file's score: 100 less the deductions found, each within its item's points; a
    deduction needs a written finding (what is wrong, so the agency can correct it)."""
    total = sum((i.points for i in CHECKLIST), Decimal(0))
    seen: set[str] = set()
    for f in findings:
        item = CHECKLIST_BY_CODE.get(f.code)
        if item is None:
            raise InvalidInput("评查项目无法识别。", code="review_bad_item")
        if f.code in seen:
            raise InvalidInput(f"评查项目“{item.label}”重复。", code="review_bad_item")
        seen.add(f.code)
        ded = _d(f.deduction)
        if ded < 0 or ded > item.points:
            raise InvalidInput(
                f"评查项目“{item.label}”的扣分应在0到{item.points}分之间。",
                code="review_bad_deduction",
            )
        if ded and not f.note.strip():
            raise InvalidInput(
                f"评查项目“{item.label}”扣分须写明问题。", code="review_note_required"
            )
        total -= ded
    return _q(total)
