"""The statutory time limits of legal.md §A as dated data, loaded and checked; pure, no Django.

The data lives in `zhifa/core/data/time_limits.json`: one rule per period, each with versions keyed
by the date they took effect (style.md item 5: a change in the law is a new version with a date,
not an edit that rewrites history). Loading checks every rule against the day-counting rules of
legal.md §0.1, so a period typed in the wrong unit fails at start-up, not in a case.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

from zhifa.core.calendar import (
    HOURS,
    NATURAL_DAYS,
    UNITS,
    WORKING_DAYS,
    Due,
    WorkingDayCalendar,
)
from zhifa.core.errors import InvalidInput

DATA_FILE = Path(__file__).resolve().parent / "data" / "time_limits.json"
AFTER, BEFORE = "after", "before"
DAY_UNITS = (WORKING_DAYS, NATURAL_DAYS)
_CODE = re.compile(r"^A\d{1,2}_[a-z0-9_]+$")


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """The period a rule sets from `effective_from` on (until the next version)."""

    effective_from: date
    amount: int
    unit: str


@dataclass(frozen=True, slots=True)
class TimeLimitRule:
    """One statutory period: what it is, how it counts, where the law says so."""

    code: str
    row: str
    title: str
    starts: str
    instrument: str
    reference: str
    note: str
    direction: str
    interpretation: bool
    versions: tuple[RuleVersion, ...]

    def version_on(self, as_of: date) -> RuleVersion:
        """The version in force on `as_of`; InvalidInput when the rule was not yet in force."""
        chosen = None
        for version in self.versions:
            if version.effective_from <= as_of:
                chosen = version
        if chosen is None:
            first = self.versions[0].effective_from.isoformat()
            raise InvalidInput(
                f"期限规则 {self.code} 自 {first} 起施行，不适用于更早的日期。",
                code="calendar_rule_not_in_force",
                details={"rule": self.code, "effective_from": first},
            )
        return chosen

    @property
    def current(self) -> RuleVersion:
        return self.versions[-1]


@dataclass(frozen=True, slots=True)
class NotExpressible:
    """A §A row with no computable period, and why."""

    row: str
    reason: str


@dataclass(frozen=True, slots=True)
class Registry:
    rules: tuple[TimeLimitRule, ...]
    not_expressible: tuple[NotExpressible, ...]

    def get(self, code: str) -> TimeLimitRule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise InvalidInput(
            "期限规则代码无法识别。", code="calendar_unknown_rule", details={"rule": code}
        )

    def codes(self) -> list[str]:
        return [rule.code for rule in self.rules]


def unit_required_by_law(instrument: str, amount: int, unit: str) -> str | None:
    """The unit legal.md §0.1 imposes on a day period of `instrument`; None where it is open."""
    if unit not in DAY_UNITS:
        return None
    if instrument == "APL":
        # APL Art. 85: the 2, 3, 5 and 7 days of this Law are working days; others natural days.
        return WORKING_DAYS if amount in (2, 3, 5, 7) else NATURAL_DAYS
    if instrument == "ACL":
        # ACL Art. 69: periods of ten days or less are working days.
        return WORKING_DAYS if amount <= 10 else NATURAL_DAYS
    if instrument == "ARL" and amount in (3, 5, 7, 10):
        # ARL Art. 88: the 3, 5, 7 and 10 days of this Law are working days.
        return WORKING_DAYS
    if instrument == "S7":
        # Government Information Disclosure Regulations Arts. 26, 30, 33 speak in working days.
        return WORKING_DAYS
    return None


def parse_registry(data: dict) -> Registry:
    """Build and check the registry from the decoded JSON; ValueError names the first bad rule."""
    rules, seen = [], set()
    for raw in data.get("rules", []):
        code = raw.get("code", "")
        if not _CODE.match(code):
            raise ValueError(f"time limit code {code!r} must look like 'A10_hearing_request'")
        if code in seen:
            raise ValueError(f"time limit {code} appears twice")
        seen.add(code)
        if not code.startswith(raw.get("row", "?") + "_"):
            raise ValueError(f"time limit {code}: code must start with its row {raw.get('row')!r}")
        for key in ("title", "starts", "instrument", "reference"):
            if not str(raw.get(key, "")).strip():
                raise ValueError(f"time limit {code}: {key} is required")
        direction = raw.get("direction", AFTER)
        if direction not in (AFTER, BEFORE):
            raise ValueError(f"time limit {code}: direction must be 'after' or 'before'")
        versions = []
        for v in raw.get("versions", []):
            version = RuleVersion(date.fromisoformat(v["effective_from"]), v["amount"], v["unit"])
            _check_version(code, raw["instrument"], direction, version)
            versions.append(version)
        if not versions:
            raise ValueError(f"time limit {code}: at least one version is required")
        if [v.effective_from for v in versions] != sorted({v.effective_from for v in versions}):
            raise ValueError(f"time limit {code}: versions must be in date order, one per date")
        rules.append(
            TimeLimitRule(
                code=code,
                row=raw["row"],
                title=raw["title"],
                starts=raw["starts"],
                instrument=raw["instrument"],
                reference=raw["reference"],
                note=raw.get("note", ""),
                direction=direction,
                interpretation=bool(raw.get("interpretation", False)),
                versions=tuple(versions),
            )
        )
    skipped = tuple(NotExpressible(x["row"], x["reason"]) for x in data.get("not_expressible", []))
    return Registry(tuple(rules), skipped)


def _check_version(code: str, instrument: str, direction: str, version: RuleVersion) -> None:
    if version.unit not in UNITS:
        raise ValueError(f"time limit {code}: unknown unit {version.unit!r}")
    if isinstance(version.amount, bool) or not isinstance(version.amount, int):
        raise ValueError(f"time limit {code}: amount must be an integer")
    if version.amount < 1:
        raise ValueError(f"time limit {code}: amount must be at least 1")
    required = unit_required_by_law(instrument, version.amount, version.unit)
    if required and required != version.unit:
        raise ValueError(
            f"time limit {code}: {version.amount} days under {instrument} count in {required} "
            f"(legal.md §0.1), not {version.unit}"
        )
    if direction == BEFORE and version.unit != WORKING_DAYS:
        raise ValueError(f"time limit {code}: 'before' periods are supported in working days only")


@cache
def registry(path: Path = DATA_FILE) -> Registry:
    """The registry from the shipped data file, loaded and checked once per process."""
    with path.open(encoding="utf-8") as f:
        return parse_registry(json.load(f))


def compute_rule(calendar: WorkingDayCalendar, rule: TimeLimitRule, start) -> Due:
    """The due date of `rule` for a period starting on `start` (the version in force that day).

    For a "before" rule `start` is the date of the event (the hearing, the substitute performance)
    and the answer is the latest day to serve the notice.
    """
    as_of = start.date() if isinstance(start, datetime) else start
    if not isinstance(as_of, date):
        raise InvalidInput("日期格式有误，应为 YYYY-MM-DD。", code="calendar_bad_date")
    version = rule.version_on(as_of)
    if rule.direction == BEFORE:
        due = calendar.latest_start_before(as_of, version.amount)
    elif version.unit == HOURS:
        due = calendar.add_hours(start, version.amount)
    else:
        due = calendar.add(as_of, version.amount, version.unit)
    return replace(due, basis=f"{rule.title}（{rule.reference}）。{due.basis}")
