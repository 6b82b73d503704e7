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


def may_act(
    certificates: Iterable[CertificateFacts], suspensions: Iterable[SuspensionFacts], on: date
) -> Eligibility:
    """Eligible when the officer is not suspended on `on` and holds a certificate valid on `on`.

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
    usable = [
        c
        for c in certificates
        if c.status == VALID and c.valid_until >= on and (c.issued_on is None or c.issued_on <= on)
    ]
    if not certificates:
        reasons.append(Refusal("no_certificate", "未持有行政执法证件", "T2 Art. 2; APL Art. 42"))
    elif not usable:
        latest = max(certificates, key=lambda c: c.valid_until)
        if latest.status != VALID:
            code, message, article = STATUS_REFUSALS.get(
                latest.status, ("certificate_invalid", "执法证件无效", "T2 Art. 2")
            )
            reasons.append(Refusal(code, f"{message}（证号 {latest.number}）", article))
        elif latest.issued_on is not None and latest.issued_on > on:
            reasons.append(
                Refusal(
                    "certificate_not_yet_valid",
                    f"执法证件（证号 {latest.number}）{latest.issued_on.isoformat()}起方有效",
                    "T2 Art. 2",
                )
            )
        else:
            reasons.append(
                Refusal(
                    "certificate_expired",
                    f"执法证件（证号 {latest.number}）已于{latest.valid_until.isoformat()}过期",
                    "T2 Art. 30",
                )
            )
    return Eligibility(
        allowed=not reasons,
        on=on,
        reasons=tuple(reasons),
        certificate=max(usable, key=lambda c: c.valid_until).number
        if usable and not reasons
        else None,
    )
