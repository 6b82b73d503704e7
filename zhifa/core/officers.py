"""May this officer act on this date? (执法资格)

Only certified officers enforce (APL Art. 42; T2 Arts. 2, 5: no certificate, no enforcement work);
a suspended certificate or officer may not act (T2 Arts. 31–32); a certificate past its validity or its
annual review lapses (T2 Art. 30). Facts in, answer out; no clock, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

# Certificate statuses (Certificate.status): only "valid" lets its holder act.
VALID = "valid"
STATUS_REFUSALS = {
    "suspended": ("certificate_suspended", "执法证件已被暂扣", "T2 Art. 31"),
    "revoked": ("certificate_revoked", "执法证件已被吊销", "T2 Art. 33"),
    "cancelled": ("certificate_cancelled", "执法证件已注销", "T2 Art. 25"),
    "lost": ("certificate_lost", "执法证件已挂失", "T2 Art. 24"),
}


@dataclass(frozen=True)
class CertificateFacts:
    number: str
    status: str
    valid_until: date
    issued_on: date | None = None
    # T2 Art. 30: a certificate not reviewed each year (年度审验) lapses. The review is current for
    # one year from the later of issue and last review; None with an issue date: never reviewed.
    last_reviewed_on: date | None = None
    # T2 Arts. 22–23: the enforcement categories (执法门类, sector codes) and territory (区域) shown
    # on the certificate. Empty sectors: none recorded, so no act in a known sector is covered.
    sectors: frozenset[str] = frozenset()
    territory: str | None = None  # region id; None: the issuing system's whole jurisdiction
    territory_name: str = ""

    @property
    def review_due(self) -> date | None:
        """The last day the annual review is current (T2 Art. 30); None when nothing is known."""
        base = max((d for d in (self.issued_on, self.last_reviewed_on) if d), default=None)
        return None if base is None else _one_year_after(base)


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class ActContext:
    """Where and in what category the officer acts (T2 Arts. 22–23): the case's sector (the
    provision's 领域) and the regions the acting agency lies in (its own and its parents)."""

    sector: str | None = None
    sector_label: str = ""
    regions: frozenset[str] | None = None  # None: not known, territory not checked
    region_label: str = ""


@dataclass(frozen=True)
class SuspensionFacts:
    starts_on: date
    ends_on: date | None = None  # None: until lifted
    lifted_on: date | None = None
    reason: str = ""

    def active_on(self, day: date) -> bool:
        if day < self.starts_on:
            return False
        if self.lifted_on is not None and day >= self.lifted_on:
            return False
        return self.ends_on is None or day <= self.ends_on


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    article: str


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    on: date
    reasons: tuple[Refusal, ...] = field(default=())
    certificate: str | None = None  # the number that makes the officer eligible

    @property
    def message(self) -> str:
        return "；".join(r.message for r in self.reasons) if self.reasons else "可以执法"

    def as_dict(self) -> dict:
        return {
            "allowed": self.allowed,
            "on": self.on.isoformat(),
            "certificate": self.certificate,
            "reasons": [
                {"code": r.code, "message": r.message, "article": r.article} for r in self.reasons
            ],
        }


def certificate_refusal(
    c: CertificateFacts, on: date, context: ActContext | None = None
) -> Refusal | None:
    """Why this certificate does not let its holder act on `on` in `context` (None: it does)."""
    if c.status != VALID:
        code, message, article = STATUS_REFUSALS.get(
            c.status, ("certificate_invalid", "执法证件无效", "T2 Art. 2")
        )
        return Refusal(code, f"{message}（证号 {c.number}）", article)
    if c.issued_on is not None and c.issued_on > on:
        return Refusal(
            "certificate_not_yet_valid",
            f"执法证件（证号 {c.number}）{c.issued_on.isoformat()}起方有效",
            "T2 Art. 2",
        )
    if c.valid_until < on:
        return Refusal(
            "certificate_expired",
            f"执法证件（证号 {c.number}）已于{c.valid_until.isoformat()}过期",
            "T2 Art. 30",
        )
    due = c.review_due
    if due is not None and on > due:
        # T2 Art. 30: 未经年度审验的执法证件自动失效.
        return Refusal(
            "certificate_review_lapsed",
            f"执法证件（证号 {c.number}）未按期年度审验，已于{due.isoformat()}后失效",
            "T2 Art. 30",
        )
    if context is not None and context.sector and context.sector not in c.sectors:
        # T2 Arts. 22–23: only within the enforcement category shown on the certificate.
        shown = context.sector_label or context.sector
        return Refusal(
            "certificate_outside_category",
            f"执法证件（证号 {c.number}）载明的执法门类不含“{shown}”",
            "T2 Arts. 22–23",
        )
    if (
        context is not None
        and context.regions is not None
        and c.territory is not None
        and c.territory not in context.regions
    ):
        # T2 Arts. 22–23: only within the territory of the certificate.
        where = f"（{context.region_label}）" if context.region_label else ""
        return Refusal(
            "certificate_outside_territory",
            f"执法证件（证号 {c.number}）的执法区域为{c.territory_name or c.territory}，"
            f"本案不在该区域内{where}",
            "T2 Arts. 22–23",
        )
    return None


def may_act(
    certificates: Iterable[CertificateFacts],
    suspensions: Iterable[SuspensionFacts],
    on: date,
    context: ActContext | None = None,
) -> Eligibility:
    """Eligible when the officer is not suspended on `on` and holds a certificate valid on `on`,
    reviewed in time and, given a `context`, covering its category and territory.

    When refused, every reason is given (a suspended officer with an expired certificate hears both).
    """
    reasons: list[Refusal] = []
    for s in suspensions:
        if s.active_on(on):
            until = f"至{s.ends_on.isoformat()}" if s.ends_on else "至解除时"
            detail = f"（{s.reason}）" if s.reason else ""
            reasons.append(
                Refusal(
                    "officer_suspended",
                    f"该执法人员自{s.starts_on.isoformat()}起暂停执法{until}{detail}",
                    "T2 Arts. 31–32",
                )
            )
            break

    certificates = list(certificates)
    refusals = {c.number: certificate_refusal(c, on, context) for c in certificates}
    usable = [c for c in certificates if refusals[c.number] is None]
    if not certificates:
        reasons.append(Refusal("no_certificate", "未持有行政执法证件", "T2 Art. 2; APL Art. 42"))
    elif not usable:
        latest = max(certificates, key=lambda c: c.valid_until)
        reasons.append(refusals[latest.number])
    return Eligibility(
        allowed=not reasons,
        on=on,
        reasons=tuple(reasons),
        certificate=max(usable, key=lambda c: c.valid_until).number
        if usable and not reasons
        else None,
    )
