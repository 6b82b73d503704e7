"""The double-random draw (双随机抽查): inspection targets and inspectors drawn at random from
maintained pools, reproducible by anyone from the published seed (T1 Art. 20; opinion item 七).

The algorithm is published with the seed, so a reader can redo a draw with nothing but this file:

- a pool is put in canonical order (its keys sorted as text), so the order in which rows came out
  of a database does not matter;
- random numbers come from SHA-256 in counter mode: block i is SHA-256("<seed>|<label>|<i>"), read
  as a big-endian unsigned 256-bit integer; a number below n is taken by rejection sampling
  (values at or above the largest multiple of n are skipped), so every number is equally likely;
- k of n keys are drawn by a partial Fisher–Yates shuffle: position i (0 ≤ i < k) is swapped with
  a uniformly chosen position in [i, n). Every k-subset, in every order, is equally likely.

Inspectors are then drawn per drawn target (label "inspectors:<target key>") from the inspector
pool less those excluded for that target: a conflict of interest (recusal, TEPP Arts. 12–16: a
relation to the target, or having inspected it the last time) or not being fit to act on the day
(T2 Arts. 22–23, 30–32, via `zhifa.core.officers.may_act`). At least two inspectors go to every
inspection (APL Art. 42; TEPP Art. 23: 执法人员不得少于两人). Facts in, result out; no clock, no
database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIN_INSPECTORS = 2  # APL Art. 42; TEPP Art. 23
MAX_SEED_LENGTH = 128


class DrawProblem(ValueError):
    """A draw that cannot be made; `code` is stable, `message` Chinese."""

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


class _Stream:
    """Uniform integers from SHA-256 in counter mode (see the module docstring)."""

    BITS = 256

    def __init__(self, seed: str, label: str):
        self._prefix = f"{seed}|{label}|".encode()
        self._counter = 0

    def _block(self) -> int:
        digest = hashlib.sha256(self._prefix + str(self._counter).encode()).digest()
        self._counter += 1
        return int.from_bytes(digest, "big")

    def below(self, n: int) -> int:
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (1 << self.BITS) - ((1 << self.BITS) % n)
        while True:
            value = self._block()
            if value < limit:
                return value % n


def check_seed(seed: str) -> str:
    seed = (seed or "").strip()
    if not seed or len(seed) > MAX_SEED_LENGTH or "|" in seed:
        raise DrawProblem(
            "draw_seed_invalid",
            f"随机种子应为 1 至 {MAX_SEED_LENGTH} 个字符，且不含“|”。",
        )
    return seed


def sample(seed: str, label: str, keys: Iterable[str], k: int) -> tuple[str, ...]:
    """k keys drawn without replacement, in draw order (partial Fisher–Yates)."""
    pool = sorted({str(key) for key in keys})
    if k < 0 or k > len(pool):
        raise ValueError("k out of range")
    stream = _Stream(seed, label)
    for i in range(k):
        j = i + stream.below(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return tuple(pool[:k])


@dataclass(frozen=True)
class Assignment:
    target: str
    inspectors: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...] = ()  # (inspector key, reason) left out for this target


@dataclass(frozen=True)
class DrawResult:
    seed: str
    assignments: tuple[Assignment, ...]
    algorithm: str = "sha256-ctr-fisher-yates-v1"
    pools: dict = field(default_factory=dict)  # sizes, for the published record

    def as_dict(self) -> dict:
        return {
            "seed": self.seed,
            "algorithm": self.algorithm,
            "pools": self.pools,
            "assignments": [
                {
                    "target": a.target,
                    "inspectors": list(a.inspectors),
                    "excluded": [list(x) for x in a.excluded],
                }
                for a in self.assignments
            ],
        }


def draw(
    seed: str,
    *,
    targets: Sequence[str],
    inspectors: Sequence[str],
    target_count: int,
    inspectors_per_target: int = MIN_INSPECTORS,
    excluded: Mapping[str, Mapping[str, str]] | None = None,
) -> DrawResult:
    """Draw `target_count` targets, then `inspectors_per_target` inspectors for each.

    `excluded[target][inspector]` is the reason an inspector may not inspect that target (a
    conflict of interest, or unfit to act); `excluded["*"][inspector]` leaves them out everywhere.
    Raises DrawProblem (nothing drawn) on an empty pool, a count out of range, or a target left
    with fewer than two inspectors after the exclusions.
    """
    seed = check_seed(seed)
    excluded = excluded or {}
    target_pool = sorted({str(t) for t in targets})
    inspector_pool = sorted({str(i) for i in inspectors})
    if not target_pool:
        raise DrawProblem("draw_empty_target_pool", "检查对象名录库为空，不能抽取。")
    if not inspector_pool:
        raise DrawProblem("draw_empty_inspector_pool", "执法检查人员名录库为空，不能抽取。")
    if inspectors_per_target < MIN_INSPECTORS:
        # APL Art. 42; TEPP Art. 23: 执法人员不得少于两人.
        raise DrawProblem(
            "draw_too_few_inspectors",
            "每项检查的执法人员不得少于两人（《行政处罚法》第四十二条）。",
        )
    if not 1 <= target_count <= len(target_pool):
        raise DrawProblem(
            "draw_count_out_of_range",
            f"抽取的检查对象数应在 1 至 {len(target_pool)} 之间。",
            {"pool": len(target_pool)},
        )
    everywhere = dict(excluded.get("*", {}))
    assignments = []
    for target in sample(seed, "targets", target_pool, target_count):
        reasons = {**everywhere, **dict(excluded.get(target, {}))}
        left = [i for i in inspector_pool if i not in reasons]
        if len(left) < inspectors_per_target:
            raise DrawProblem(
                "draw_not_enough_inspectors",
                f"排除回避和不具备执法资格的人员后，可派往该检查对象的执法人员不足"
                f"{inspectors_per_target}人。",
                {"target": target, "available": len(left), "excluded": reasons},
            )
        chosen = sample(seed, f"inspectors:{target}", left, inspectors_per_target)
        assignments.append(
            Assignment(
                target=target,
                inspectors=chosen,
                excluded=tuple(sorted((i, r) for i, r in reasons.items() if i in inspector_pool)),
            )
        )
    return DrawResult(
        seed=seed,
        assignments=tuple(assignments),
        pools={"targets": len(target_pool), "inspectors": len(inspector_pool)},
    )


# --- no duplication (opinion item 七: 不得多头多层重复检查) -------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """Another inspection already planned or done on the same target (by its identity key)."""

    key: str  # the inspection's id
    target: str  # the target's identity (统一社会信用代码 or ID number)
    agency: str
    on: str  # ISO date
    level: int  # depth of the agency in the tree


def overlaps(target: str, on, agency: str, others: Iterable[Scheduled], window_days: int):
    """The inspections of the same target by another agency (another level included) within
    `window_days` of `on`: these would inspect the target again (opinion item 七)."""
    from datetime import date

    day = on if isinstance(on, date) else date.fromisoformat(on)
    return tuple(
        s
        for s in others
        if s.target == target
        and s.agency != agency
        and abs((date.fromisoformat(s.on) - day).days) <= window_days
    )


def over_cap(inspections_this_year: int, cap: int) -> bool:
    """Whether one more inspection of a target passes its yearly cap (0: no cap)."""
    return cap > 0 and inspections_this_year + 1 > cap
