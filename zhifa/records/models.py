"""The whole-process record (全过程记录): an append-only, hash-chained journal of every action.

How the entries are hashed is in zhifa/core/hashchain.py; how they are written, in journal.py.
Database triggers (migration 0002) refuse UPDATE and DELETE of entries, and the ORM refuses too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core import hashchain

from .errors import JournalIsAppendOnly
from .events import event_label


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalIsAppendOnly("全过程记录只能追加，不能修改。")

    def delete(self):
        raise JournalIsAppendOnly("全过程记录只能追加，不能删除。")


class JournalEntry(models.Model):
    """One action, recorded once and never changed: who, when, what, on what, and the chain link."""

    chain = models.CharField(_("记录链"), max_length=32)
    seq = models.PositiveBigIntegerField(_("链内序号"))
    occurred_at = models.DateTimeField(_("发生时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name=_("所属机构"),
    )
    subject_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    subject_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    event_type = models.CharField(_("事件类型"), max_length=64)
    correlation_id = models.CharField(_("关联标识"), max_length=64)
    payload = models.TextField(_("记录内容"))
    payload_digest = models.CharField(_("内容摘要"), max_length=64)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    entry_hash = models.CharField(_("本条哈希"), max_length=64)
    algorithm = models.CharField(
        _("算法"), max_length=8, choices=[(a, a.upper()) for a in hashchain.ALGORITHMS]
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("全过程记录")
        verbose_name_plural = _("全过程记录")
        constraints = [
            # No fork: even without the head lock, two entries cannot share a place in a chain.
            models.UniqueConstraint(fields=["chain", "seq"], name="journal_unique_seq_in_chain"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="journal_subject_idx"),
            models.Index(fields=["agency", "occurred_at"], name="journal_agency_time_idx"),
            models.Index(fields=["event_type"], name="journal_event_type_idx"),
        ]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.event_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalIsAppendOnly("全过程记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalIsAppendOnly("全过程记录只能追加，不能删除。")

    @property
    def event_label(self) -> str:
        return event_label(self.event_type)

    def as_chain_entry(self) -> hashchain.ChainEntry:
        return hashchain.ChainEntry(
            chain=self.chain,
            seq=self.seq,
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            actor_name=self.actor_name,
            agency_id=self.agency_id,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            event_type=self.event_type,
            correlation_id=self.correlation_id,
            payload=self.payload,
            payload_digest=self.payload_digest,
            prev_hash=self.prev_hash,
            algorithm=self.algorithm,
            entry_hash=self.entry_hash,
            id=self.pk,
        )


class JournalHead(models.Model):
    """The last entry of each chain: the row appends lock, and the check for a deleted tail.

    A cache of the chain's end, not part of the record; verification compares it with the last
    entry.
    """

    chain = models.CharField(_("记录链"), max_length=32, primary_key=True)
    seq = models.PositiveBigIntegerField(_("最后序号"), default=0)
    entry_hash = models.CharField(_("最后哈希"), max_length=64, default=hashchain.GENESIS)

    class Meta:
        verbose_name = _("记录链头")
        verbose_name_plural = _("记录链头")

    def __str__(self):
        return f"{self.chain}@{self.seq}"

    def as_head(self) -> hashchain.Head:
        return hashchain.Head(self.chain, self.seq, self.entry_hash)


class JournalAnchor(models.Model):
    """The Merkle root of every chain's head at the end of one day (zhifa/core/merkle.py).

    Kept here and meant to be kept elsewhere too (a superior agency, a printed register): whoever
    holds the root can tell a later rewrite of any entry written up to that day.
    """

    day = models.DateField(_("日期"), unique=True)
    algorithm = models.CharField(_("哈希算法"), max_length=16)
    root = models.CharField(_("默克尔根"), max_length=64)
    heads = models.TextField(_("各链链头"), help_text=_("JSON：[[记录链, 序号, 哈希], …]"))
    chain_count = models.PositiveIntegerField(_("记录链数"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("每日锚定")
        verbose_name_plural = _("每日锚定")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} {self.root[:16]}…"
