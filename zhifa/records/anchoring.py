"""Daily anchors of the journal (issue 5 item 6): one Merkle root over every chain's head at the
end of a day (Asia/Shanghai), stored, journaled and re-checkable against the entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.core.errors import InvalidInput
from zhifa.core.hashchain import DEFAULT_ALGORITHM
from zhifa.core.merkle import ChainHead, merkle_root

from . import journal
from .models import JournalAnchor, JournalEntry


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def heads_at_end_of(day: date) -> list[ChainHead]:
    """Every chain's last entry written before the day ended, read from the entries themselves."""
    return heads_before(_end_of(day))


def heads_before(moment: datetime) -> list[ChainHead]:
    """Every chain's last entry written before `moment` (the portal's hourly public anchors)."""
    last = (
        JournalEntry.objects.filter(occurred_at__lt=moment).values("chain").annotate(seq=Max("seq"))
    )
    wanted = {(row["chain"], row["seq"]) for row in last}
    if not wanted:
        return []
    rows = JournalEntry.objects.filter(
        chain__in={chain for chain, _ in wanted}, seq__in={seq for _, seq in wanted}
    ).values_list("chain", "seq", "entry_hash")
    return sorted(ChainHead(c, s, h) for c, s, h in rows if (c, s) in wanted)


@transaction.atomic
def anchor_day(day: date, *, actor=None, today: date | None = None) -> JournalAnchor:
    """Anchor a finished day; anchoring it again returns the stored anchor unchanged."""
    today = today or timezone.localdate()
    if day >= today:
        raise InvalidInput("只能锚定已经结束的日期。", code="anchor_day_not_over")
    existing = JournalAnchor.objects.filter(day=day).first()
    if existing is not None:
        return existing
    heads = heads_at_end_of(day)
    root = merkle_root(DEFAULT_ALGORITHM, heads)
    anchor = JournalAnchor.objects.create(
        day=day,
        algorithm=DEFAULT_ALGORITHM,
        root=root,
        heads=json.dumps([[h.chain, h.seq, h.entry_hash] for h in heads], separators=(",", ":")),
        chain_count=len(heads),
    )
    journal.append(
        "journal.anchored",
        actor=actor,
        subject=anchor,
        payload={"day": day, "root": root, "chains": len(heads), "algorithm": DEFAULT_ALGORITHM},
    )
    return anchor


@dataclass(frozen=True)
class AnchorCheck:
    day: date
    ok: bool
    stored_root: str
    recomputed_root: str
    changed_chains: tuple[str, ...]

    @property
    def summary(self) -> str:
        if self.ok:
            return f"{self.day} 锚定一致"
        chains = "、".join(self.changed_chains) or "（锚定记录本身被改动）"
        return f"{self.day} 锚定不一致：{chains} 在该日之前的记录已被改写"


def check_anchor(anchor: JournalAnchor, *, root: str | None = None) -> AnchorCheck:
    """Recompute the day's heads from the entries and compare with the stored root — or with a
    root someone kept elsewhere (`root`), which also catches an edit of the anchor row itself."""
    heads = heads_at_end_of(anchor.day)
    recomputed = merkle_root(anchor.algorithm, heads)
    expected = root or anchor.root
    stored = {c: (s, h) for c, s, h in json.loads(anchor.heads)}
    now = {h.chain: (h.seq, h.entry_hash) for h in heads}
    changed = tuple(sorted(c for c in stored.keys() | now.keys() if stored.get(c) != now.get(c)))
    return AnchorCheck(anchor.day, recomputed == expected, expected, recomputed, changed)


def check_all_anchors() -> list[AnchorCheck]:
    return [check_anchor(a) for a in JournalAnchor.objects.order_by("day")]


def anchor_missing_days(*, actor=None, today: date | None = None, since: date | None = None):
    """Anchor every finished day since the first entry (or `since`) that has no anchor yet."""
    today = today or timezone.localdate()
    first = (
        JournalEntry.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    )
    if first is None:
        return []
    day = since or timezone.localtime(first).date()
    done = set(JournalAnchor.objects.values_list("day", flat=True))
    made = []
    while day < today:
        if day not in done:
            made.append(anchor_day(day, actor=actor, today=today))
        day += timedelta(days=1)
    return made
