"""Reads of the public portal. Everything here is public by design: only published, masked copies
and the current catalogue data (agencies, officers' name/certificate/categories, benchmarks)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from zhifa.core import hashchain
from zhifa.core.merkle import ChainHead, merkle_root

from . import signing
from .choices import DisclosureState
from .errors import DisclosureNotFound
from .models import Disclosure, PublicAnchor

PUBLIC_STATES = (DisclosureState.PUBLISHED, DisclosureState.WITHDRAWN)
LIST_FIELDS = (
    "id",
    "agency__name",
    "kind",
    "state",
    "decided_on",
    "published_on",
    "document_number",
    "party_name",
    "cause",
    "provision",
    "penalty_text",
    "withdrawn_on",
)


def public_agencies(q: str = "") -> QuerySet:
    from zhifa.orgs.divisions import agency_order
    from zhifa.orgs.models import Agency

    qs = Agency.objects.exclude(kind="ministry").select_related("region")
    if q:
        qs = qs.filter(name__icontains=q[:64])
    return qs.order_by(agency_order(), "path")  # provinces in GB/T 2260 order, 北京 first


def agency_options() -> list[tuple[int, str]]:
    """(id, name) of every agency for the search form, cached five minutes (the page's max-age):
    the tree changes rarely and this list is the heaviest part of the decision list."""
    from django.core.cache import cache

    options = cache.get("disclosure:agency-options")
    if options is None:
        options = list(public_agencies().values_list("pk", "name")[:1000])
        cache.set("disclosure:agency-options", options, 300)
    return options


def public_agency(agency_id: int):
    from zhifa.orgs.models import Agency

    agency = Agency.objects.select_related("region", "parent").filter(pk=agency_id).first()
    if agency is None:
        raise DisclosureNotFound("没有这个执法机关。")
    return agency


def agency_officers(agency) -> list[dict]:
    """Officers published 事前 (T4 §二(四)): name, certificate number, categories — nothing else."""
    from zhifa.officers.models import Certificate

    today = timezone.localdate()
    rows = (
        Certificate.objects.filter(
            officer__user__agency=agency,
            status="valid",
            valid_until__gte=today,
            officer__user__is_active=True,
        )
        .select_related("officer__user")
        .order_by("officer__user__full_name", "number")
    )
    return [
        {"name": c.officer.user.full_name or "", "number": c.number, "categories": c.categories}
        for c in rows
    ]


def _province_of(agency):
    region = agency.region
    while region is not None and region.level != "province":
        region = region.parent
    return region


def benchmarks_in_force(agency) -> QuerySet:
    """The discretion benchmarks in force for the agency (national and its province), with their
    versions (S1 Art. 34: discretion benchmarks must be published)."""
    from zhifa.law.models import Benchmark

    province = _province_of(agency)
    scope = Q(province__isnull=True, scope="national")
    if province is not None:
        scope |= Q(province=province)
    return (
        Benchmark.objects.filter(scope, status="active")
        .select_related("provision__law")
        .order_by("provision__law__name", "provision__article", "-year")
    )


def legal_bases(agency, limit: int = 200) -> QuerySet:
    """Powers and their legal bases: the penalty provisions in the sectors the agency's officers
    are certified for (the catalogue the agency enforces)."""
    from zhifa.law.models import PenaltyProvision
    from zhifa.officers.models import Certificate

    sectors: set[str] = set()
    for row in Certificate.objects.filter(officer__user__agency=agency, status="valid").values_list(
        "sectors", flat=True
    ):
        sectors.update(row or [])
    qs = PenaltyProvision.objects.select_related("law").filter(superseded_by__isnull=True)
    if sectors:
        qs = qs.filter(sector__in=sectors)
    return qs.order_by("sector", "law__name", "article")[:limit]


def remedy_channels(agency) -> dict:
    from zhifa.documents.models import AgencyDocumentSettings

    row = AgencyDocumentSettings.objects.filter(agency=agency).first()
    return {
        "reconsideration_body": row.reconsideration_body if row else "",
        "court": row.court if row else "",
        "address": row.address if row else "",
        "phone": row.phone if row else "",
    }


@dataclass(frozen=True)
class Search:
    agency: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    cause: str = ""
    provision: str = ""


def search_decisions(s: Search) -> QuerySet:
    """Published and withdrawn decisions (a withdrawn one shows only its withdrawal note)."""
    qs = Disclosure.objects.filter(state__in=PUBLIC_STATES)
    if s.agency:
        from zhifa.orgs.models import Agency

        path = Agency.objects.filter(pk=s.agency).values_list("path", flat=True).first()
        qs = qs.filter(agency__path__startswith=path) if path else qs.none()
    if s.date_from:
        qs = qs.filter(decided_on__gte=s.date_from)
    if s.date_to:
        qs = qs.filter(decided_on__lte=s.date_to)
    if s.cause:
        qs = qs.filter(cause__icontains=s.cause[:100])
    if s.provision:
        qs = qs.filter(provision__icontains=s.provision[:100])
    return qs.order_by("-decided_on", "-id")


def public_decision(disclosure_id: int) -> Disclosure:
    row = (
        Disclosure.objects.select_related("agency")
        .filter(pk=disclosure_id, state__in=PUBLIC_STATES)
        .first()
    )
    if row is None:
        raise DisclosureNotFound("没有这条公示信息。")
    return row


def annual_statistics(agency, year: int) -> dict:
    """Annual statistics per agency (T4 §二(六): published by 31 January for the year before)."""
    qs = Disclosure.objects.filter(agency__path__startswith=agency.path, decided_on__year=year)
    by_state = dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    published = qs.filter(state=DisclosureState.PUBLISHED)
    on_time = published.filter(publish_due__isnull=False, published_on__lte=models_f("publish_due"))
    by_cause = list(
        published.values("cause").annotate(n=Count("id"), fines=Sum("fine")).order_by("-n")[:20]
    )
    by_month = {
        m: n
        for m, n in published.values_list("decided_on__month")
        .annotate(n=Count("id"))
        .values_list("decided_on__month", "n")
    }
    return {
        "year": year,
        "published": by_state.get(DisclosureState.PUBLISHED, 0),
        "withdrawn": by_state.get(DisclosureState.WITHDRAWN, 0),
        "withheld": by_state.get(DisclosureState.WITHHELD, 0),
        "on_time": on_time.count(),
        "fines": published.aggregate(s=Sum("fine"))["s"] or 0,
        "by_cause": by_cause,
        "by_month": [(m, by_month.get(m, 0)) for m in range(1, 13)],
    }


def models_f(name: str):
    from django.db.models import F

    return F(name)


# --- anchors -------------------------------------------------------------------------------------


def daily_anchors(limit: int = 60):
    from zhifa.records.models import JournalAnchor

    return JournalAnchor.objects.order_by("-day")[:limit]


def hourly_anchors(day: date) -> QuerySet:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return PublicAnchor.objects.filter(
        taken_at__gte=start, taken_at__lt=start + timedelta(days=1)
    ).order_by("taken_at")


def daily_file(day: date) -> dict:
    """The signed daily file: the day's Merkle root (records' daily anchor) and every hourly
    checkpoint of the day, each with its own signature, and one signature over the whole."""
    from zhifa.records.models import JournalAnchor

    daily = JournalAnchor.objects.filter(day=day).first()
    hourly = list(hourly_anchors(day))
    pairs = [(hashchain.utc_text(a.taken_at), a.root) for a in hourly]
    return {
        "layout": signing.DAY_LAYOUT,
        "day": day.isoformat(),
        "algorithm": daily.algorithm if daily else hashchain.DEFAULT_ALGORITHM,
        "daily_root": daily.root if daily else None,
        "daily_heads": json.loads(daily.heads) if daily else [],
        "hourly": [
            {
                "taken_at": hashchain.utc_text(a.taken_at),
                "root": a.root,
                "chains": a.chain_count,
                "signature": a.signature,
            }
            for a in hourly
        ],
        "key_id": signing.key_id(),
        "signature": signing.sign(signing.day_bytes(day, daily.root if daily else None, pairs)),
    }


def _entry_fields(e) -> list:
    return [
        hashchain.LAYOUT,
        e.chain,
        e.seq,
        hashchain.utc_text(e.occurred_at),
        e.actor_id,
        e.actor_name,
        e.agency_id,
        e.subject_type,
        e.subject_id,
        e.event_type,
        e.correlation_id,
        e.payload_digest,
        e.prev_hash,
        e.algorithm,
    ]


def inclusion_proof(disclosure: Disclosure) -> dict | None:
    """Proof that the decision's publication entry is in the journal under a signed public anchor:
    the entry (with its payload, which is the public record), the chain links from it to the chain's
    head at the anchor, every head of that anchor and its root. `tools/verify_inclusion.py` checks
    it offline. None while no anchor has been taken after the publication."""
    from zhifa.records.models import JournalEntry

    if not disclosure.journal_seq or disclosure.state != DisclosureState.PUBLISHED:
        return None
    entry = JournalEntry.objects.filter(
        chain=disclosure.journal_chain, seq=disclosure.journal_seq
    ).first()
    if entry is None:
        return None
    anchor = (
        PublicAnchor.objects.filter(taken_at__gt=entry.occurred_at).order_by("taken_at").first()
    )
    if anchor is None:
        return None
    heads = [ChainHead(c, s, h) for c, s, h in json.loads(anchor.heads)]
    head = next((h for h in heads if h.chain == entry.chain), None)
    if head is None or head.seq < entry.seq:
        return None
    links = JournalEntry.objects.filter(
        chain=entry.chain, seq__gt=entry.seq, seq__lte=head.seq
    ).order_by("seq")
    return {
        "layout": "zhifa-inclusion/1",
        "algorithm": entry.algorithm,
        "entry": _entry_fields(entry),
        "payload": entry.payload,
        "links": [_entry_fields(e) for e in links],
        "anchor": {
            "taken_at": hashchain.utc_text(anchor.taken_at),
            "algorithm": anchor.algorithm,
            "root": anchor.root,
            "chains": anchor.chain_count,
            "heads": json.loads(anchor.heads),
            "signature": anchor.signature,
            "key_id": anchor.key_id,
        },
    }


def check_proof(proof: dict) -> bool:
    """The same check as tools/verify_inclusion.py (without the signature, which needs the key)."""
    alg = proof["algorithm"]
    enc = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    if hashchain.digest(alg, proof["payload"].encode()) != proof["entry"][11]:
        return False
    h = hashchain.digest(alg, enc.encode(proof["entry"]).encode())
    seq = proof["entry"][2]
    for link in proof["links"]:
        if link[12] != h:
            return False
        h, seq = hashchain.digest(alg, enc.encode(link).encode()), link[2]
    heads = [ChainHead(c, s, x) for c, s, x in proof["anchor"]["heads"]]
    chain = proof["entry"][1]
    if ChainHead(chain, seq, h) not in heads:
        return False
    return merkle_root(proof["anchor"]["algorithm"], heads) == proof["anchor"]["root"]
