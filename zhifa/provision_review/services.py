"""Writes of the provision review: open a review, start / cancel / resume a what-if replay, the
replay job itself, and the supervisor's conclusion. Each write is one transaction with its journal
entry (交法发〔2021〕53号 第（十）项: periodic review of penalty provisions)."""

from __future__ import annotations

import copy
import gc
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.cases.services._common import PARTY_KIND_FOR_ENGINE
from zhifa.core import provision_review as rules
from zhifa.core.discretion import RecommendationRequest, recommend
from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound
from zhifa.notifications.services import notify
from zhifa.orgs.selectors import scope_filter
from zhifa.records import journal

from . import events, selectors
from .choices import ACTIVE, RESUMABLE, Conclusion, ProposalSource, ReplayStatus
from .models import ProvisionReview, Replay, ReplayChange

BATCH_SIZE = getattr(settings, "ZHIFA_REPLAY_BATCH", 2000)


# --- reviews -------------------------------------------------------------------------------------


def open_review(*, actor, provision_data_id: str) -> ProvisionReview:
    """A supervisor opens the review of one provision for their agency's scope; the figures and
    flags of the day are kept with it."""
    selectors.require_supervisor(actor)
    provision = selectors.access_provision(actor, provision_data_id)
    with transaction.atomic():
        if ProvisionReview.objects.filter(
            provision=provision, agency=actor.agency, conclusion=""
        ).exists():
            raise Conflict(
                "本机关对该条款已有尚未作出结论的评估。", code="provision_review.already_open"
            )
        rows = selectors.provision_rows(actor, provision_id=provision.pk)
        figures = selectors.figures_json(rows[0]) if rows else {}
        review = ProvisionReview.objects.create(
            provision=provision, agency=actor.agency, opened_by=actor, figures=figures
        )
        journal.append(
            events.REVIEW_OPENED,
            actor=actor,
            subject=review,
            payload={"provision": provision.data_id, "figures": figures},
        )
    return review


def conclude_review(*, actor, review: ProvisionReview, conclusion: str, reasons: str):
    """The supervisor's conclusion — keep, propose amendment, propose repeal — with reasons; a
    proposal from a province is put before the ministry's supervisors."""
    selectors.require_supervisor(actor)
    if conclusion not in Conclusion.values:
        raise InvalidInput("请选择评估结论。", code="provision_review.conclusion_invalid")
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput("请写明结论的理由。", code="provision_review.reasons_required")
    if len(reasons) > 4000:
        raise InvalidInput("理由不超过4000字。", code="provision_review.reasons_too_long")
    with transaction.atomic():
        review = (
            ProvisionReview.objects.select_for_update()
            .filter(scope_filter(actor, "agency"), pk=review.pk)
            .first()
        )
        if review is None:
            raise NotFound("评估不存在或无权查看。", code="provision_review.not_found")
        if review.conclusion:
            raise Conflict("该评估已作出结论。", code="provision_review.already_concluded")
        if Replay.objects.filter(review=review, status__in=ACTIVE).exists():
            raise Conflict(
                "推演尚在进行，请等待完成或取消后再作出结论。",
                code="provision_review.replay_running",
            )
        review.conclusion = conclusion
        review.reasons = reasons
        review.concluded_by = actor
        review.concluded_at = timezone.now()
        review.save(update_fields=["conclusion", "reasons", "concluded_by", "concluded_at"])
        journal.append(
            events.CONCLUDED,
            actor=actor,
            subject=review,
            payload={
                "provision": review.provision.data_id,
                "conclusion": conclusion,
                "reasons": reasons,
            },
        )
        if conclusion != Conclusion.KEEP and review.agency.parent_id is not None:
            notify(
                _ministry_supervisors(),
                kind=events.NOTIFY_CONCLUDED,
                title=f"{review.agency.name}{Conclusion(conclusion).label}："
                f"{review.provision.law.name}{review.provision.article}",
                body=reasons[:500],
                link=_review_url(review),
                subject=review,
            )
    return review


def _ministry_supervisors():
    from zhifa.accounts.models import User

    return User.objects.filter(
        is_supervisor=True, is_active=True, agency__parent__isnull=True
    ).order_by("id")


def _review_url(review) -> str:
    from django.urls import reverse

    return reverse("provision_review:review", args=[review.pk])


# --- proposals -----------------------------------------------------------------------------------


def _catalogue():
    from zhifa.law.services import current_catalogue

    return current_catalogue()


def _check_proposal(record: dict, base) -> None:
    """The proposal must parse and stay inside the statute (APL Art. 34: a benchmark never leaves
    the statutory range) — the same checks the law app's import makes."""
    from zhifa.core.discretion import DiscretionError
    from zhifa.core.discretion.legality import legality_check
    from zhifa.core.discretion.parsing import parse_benchmark

    cat = _catalogue()
    try:
        b = parse_benchmark(record)
    except DiscretionError as exc:
        raise InvalidInput(
            f"拟议基准有误：{exc.message}", code="provision_review.proposal_invalid"
        ) from None
    versions = {
        v.id: v for pid in b.applies_to if pid in cat.provisions for v in cat.versions_of(pid)
    }.values()
    problems = [p for p in legality_check(b, versions) if p.kind == "illegal"]
    if problems:
        raise InvalidInput(
            "拟议基准超出法定幅度：" + "；".join(p.message for p in problems[:5]),
            code="provision_review.proposal_illegal",
            details={"problems": [p.message for p in problems]},
        )


def _parse_amount(value, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except Exception:
        raise InvalidInput(f"{what}应为数字。", code="provision_review.amount_invalid") from None
    if not d.is_finite() or d < 0 or d > Decimal("100000000"):
        raise InvalidInput(f"{what}应为不小于0的金额。", code="provision_review.amount_invalid")
    return d


def _plain(d: Decimal | None):
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def proposal_from_levels(base, levels: dict[int, tuple[Any, Any]]) -> dict:
    """An edited copy of the benchmark in force: level n's fine range replaced by the given one."""
    record = copy.deepcopy(base.data)
    record["id"] = base.key
    record_levels = record.get("levels") or []
    for index, (low, high) in levels.items():
        if not (0 <= index < len(record_levels)):
            raise InvalidInput("拟议基准的阶次不存在。", code="provision_review.level_unknown")
        label = record_levels[index].get("level") or f"第{index + 1}档"
        lo = _parse_amount(low, f"“{label}”的罚款下限")
        hi = _parse_amount(high, f"“{label}”的罚款上限")
        if lo is not None and hi is not None and lo > hi:
            raise InvalidInput(
                f"“{label}”的罚款下限不得大于上限。", code="provision_review.range_inverted"
            )
        record_levels[index]["fine_min"] = _plain(lo)
        record_levels[index]["fine_max"] = _plain(hi)
    return record


def _review_for_write(actor, review_id: int) -> ProvisionReview:
    selectors.require_supervisor(actor)
    review = selectors.access_review(actor, review_id)
    if review.conclusion:
        raise Conflict("该评估已作出结论，不能再推演。", code="provision_review.already_concluded")
    return review


def start_form_replay(
    *, actor, review_id: int, base_id: int, levels: dict, note: str = ""
) -> Replay:
    """Replay an edited copy of a benchmark in force (the form)."""
    review = _review_for_write(actor, review_id)
    base = selectors.base_benchmarks(actor, review.provision).filter(pk=base_id).first()
    if base is None:
        raise NotFound(
            "现行裁量基准不存在或不在本机关范围内。", code="provision_review.base_not_found"
        )
    record = proposal_from_levels(base, levels)
    _check_proposal(record, base)
    return _start(actor, review, base, record, ProposalSource.FORM, "", note)


def start_excel_replay(
    *, actor, review_id: int, filename: str, content: bytes, note: str = ""
) -> Replay:
    """Replay a benchmark uploaded in the law app's Excel form: the same size and zip-bomb guard,
    the same reader and checks as its import; nothing is stored in the law app."""
    from zhifa.law.excel import archive_problem
    from zhifa.law.services import IMPORT_MAX_BYTES, check_import

    review = _review_for_write(actor, review_id)
    if not content:
        raise InvalidInput("上传的文件是空的。", code="provision_review.upload_empty")
    if len(content) > IMPORT_MAX_BYTES:
        raise InvalidInput("文件超过 5 MB。", code="provision_review.upload_too_big")
    problem = archive_problem(content)
    if problem:
        raise InvalidInput(problem, code="provision_review.upload_unreadable")
    checked = check_import(content, actor=actor)
    if len(checked) != 1:
        raise InvalidInput(
            f"推演一次只能用一个基准，文件中有{len(checked)}个。", code="provision_review.one_table"
        )
    table, b, _problems = checked[0]
    pid = review.provision.data_id
    if pid not in b.applies_to:
        raise InvalidInput(
            f"文件中的基准不适用于本评估的条款（{pid}）。", code="provision_review.other_provision"
        )
    base = _base_for(actor, review.provision, b.province)
    record = copy.deepcopy(table.record)
    if base is not None:  # the proposal takes the place of the table in force, from its date
        record["id"] = base.key
        record["effective_from"] = (base.data or {}).get("effective_from")
        record["year"] = (base.data or {}).get("year")
    return _start(actor, review, base, record, ProposalSource.EXCEL, filename[:200], note)


def _base_for(actor, provision, province_name: str | None):
    from zhifa.law.provinces import resolve_province

    region = resolve_province(province_name) if province_name else None
    qs = selectors.base_benchmarks(actor, provision)
    if region is not None:
        qs = qs.filter(province=region)
    return qs.first()


def _start(actor, review, base, record, source, filename, note) -> Replay:
    with transaction.atomic():
        replay = Replay.objects.create(
            review=review,
            base=base,
            source=source,
            filename=filename,
            proposal=record,
            note=(note or "")[:300],
            started_by=actor,
        )
        replay.total = cases_to_replay(replay).count()
        replay.save(update_fields=["total"])
        journal.append(
            events.REPLAY_STARTED,
            actor=actor,
            subject=replay,
            payload={
                "review": review.pk,
                "base": base.key if base else None,
                "source": source,
                "filename": filename,
                "cases": replay.total,
                "proposal": record,
            },
        )
        _schedule(replay.pk)
    return replay


def _schedule(replay_id: int) -> None:
    transaction.on_commit(lambda: run_replay_task.delay(replay_id))


def cancel_replay(*, actor, replay_id: int) -> Replay:
    selectors.require_supervisor(actor)
    selectors.access_replay(actor, replay_id)
    with transaction.atomic():
        replay = Replay.objects.select_for_update().get(pk=replay_id)
        if replay.status not in ACTIVE:
            raise Conflict("该推演不在进行中。", code="provision_review.not_running")
        replay.status = ReplayStatus.CANCELLED
        replay.save(update_fields=["status"])
        journal.append(
            events.REPLAY_CANCELLED,
            actor=actor,
            subject=replay,
            payload={"done": replay.done, "total": replay.total, "cursor": replay.cursor},
        )
    return replay


def resume_replay(*, actor, replay_id: int) -> Replay:
    """Carry on from the last case replayed; nothing already counted is counted again."""
    selectors.require_supervisor(actor)
    selectors.access_replay(actor, replay_id)
    with transaction.atomic():
        replay = Replay.objects.select_for_update().select_related("review").get(pk=replay_id)
        if replay.status not in RESUMABLE:
            raise Conflict(
                "只有已取消或中断的推演可以继续。", code="provision_review.not_resumable"
            )
        if replay.review.conclusion:
            raise Conflict(
                "该评估已作出结论，不能再推演。", code="provision_review.already_concluded"
            )
        replay.status = ReplayStatus.QUEUED
        replay.error = ""
        replay.save(update_fields=["status", "error"])
        journal.append(
            events.REPLAY_RESUMED,
            actor=actor,
            subject=replay,
            payload={"done": replay.done, "total": replay.total, "cursor": replay.cursor},
        )
        _schedule(replay.pk)
    return replay


# --- the replay job ------------------------------------------------------------------------------


def cases_to_replay(replay: Replay):
    """Every decided case of the review's provision in the review's scope (the reviewing agency's
    subtree), in the base table's province when there is one, by id (the cursor's order)."""
    from zhifa.cases.models import Case
    from zhifa.orgs.models import Agency

    review = replay.review
    qs = Case.objects.filter(
        agency__path__startswith=review.agency.path,
        provision_id=review.provision_id,
        decision__isnull=False,
    )
    if replay.base is not None and replay.base.province_id is not None:
        top = (
            Agency.objects.filter(
                region_id=replay.base.province_id, path__startswith=review.agency.path
            )
            .order_by("path")
            .values_list("path", flat=True)
            .first()
        )
        if top is not None and len(top) > len(review.agency.path):
            qs = qs.filter(agency__path__startswith=top)
    return qs.order_by("id")


def replay_catalogue(replay: Replay):
    """The engine's catalogue with the proposal in place of the table it replaces."""
    from zhifa.law.models import Benchmark, ExemptionList, PenaltyProvision
    from zhifa.law.services import build_catalogue

    benchmarks = []
    base_id = replay.base_id
    for pk, data in Benchmark.objects.order_by("id").values_list("id", "data"):
        if pk != base_id:
            benchmarks.append(data)
    benchmarks.append(replay.proposal)
    return build_catalogue(
        PenaltyProvision.objects.order_by("id").values_list("data", flat=True),
        benchmarks,
        ExemptionList.objects.order_by("id").values_list("data", flat=True),
    )


def _dec(v) -> Decimal | None:
    return None if v in (None, "") else Decimal(str(v))


def outcome_of(rec) -> rules.Outcome:
    """An engine Recommendation as the replay compares it (amounts to the cent, as stored)."""
    r = rec.recommended_range

    def cents(d):
        return None if d is None else d.quantize(Decimal("0.01"))

    return rules.Outcome(
        rec.outcome.value,
        rec.level.label_zh if rec.level else "",
        cents(r.low) if r else None,
        cents(r.high) if r else None,
        cents(rec.suggested_amount),
    )


@dataclass
class _Inputs:
    """Per-agency answers the engine's requests need, looked up once per agency."""

    province: dict
    maritime: dict


def _province_for(agency_id: int, inputs: _Inputs) -> str:
    if agency_id not in inputs.province:
        from zhifa.cases.selectors import province_of
        from zhifa.law.discretion import engine_province
        from zhifa.orgs.models import Agency

        agency = Agency.objects.select_related("region", "parent").get(pk=agency_id)
        inputs.province[agency_id] = engine_province(province_of(agency))
        inputs.maritime[agency_id] = agency.kind == "maritime" or None
    return inputs.province[agency_id]


# What the job reads of each case: plain values, never model instances (national scale), and of the
# stored recommendation only the parts it compares (a JSON key lookup in the database).
CASE_FIELDS = (
    "id",
    "agency_id",
    "party__kind",
    "provision__data_id",
    "violation_date",
    "lead_received_on",
    "facts",
    "decision__decided_on",
    "decision__fine",
)
# the parts of the stored recommendation a replay compares, in this order
STORED = (
    "as_of",
    "outcome",
    "level.label",
    "recommended_range.low",
    "recommended_range.high",
    "suggested_amount",
)


def case_rows(qs):
    """(CASE_FIELDS…, stored parts as one JSON array) rows of a case queryset. The stored
    recommendation is a few kilobytes of explanation: the database parses it once per row and hands
    over only the six values compared (SQLite: one json_extract with six paths; PostgreSQL: a jsonb
    array built from the binary value)."""
    from django.db import connection
    from django.db.models import F, Func, TextField, Value

    if connection.vendor == "postgresql":
        parts = [Value("{" + key.replace(".", ",") + "}") for key in STORED]
        stored = Func(
            *[
                Func(
                    F("recommendation"),
                    p,
                    function="",
                    template="%(expressions)s",
                    arg_joiner=" #> ",
                )
                for p in parts
            ],
            function="jsonb_build_array",
            output_field=TextField(),
        )
        stored = Func(
            stored, function="", template="(%(expressions)s)::text", output_field=TextField()
        )
    else:
        stored = Func(
            F("recommendation"),
            *[Value("$." + key) for key in STORED],
            function="json_extract",
            output_field=TextField(),
        )
    if connection.vendor == "postgresql":
        # the facts as text too: the job's key for identical requests, parsed only when new
        facts = Func(
            F("facts"), function="", template="(%(expressions)s)::text", output_field=TextField()
        )
        qs = qs.annotate(facts_text=facts)
        renamed = {"facts": "facts_text"}
    else:
        # SQLite: the dates as the stored text, which the driver would otherwise parse on every
        # row; the job parses them only for a request it has not seen
        from django.db.models.functions import Cast

        dates = ("violation_date", "lead_received_on", "decision__decided_on")
        qs = qs.annotate(
            facts_text=F("facts"),
            **{f"{d}_text": Cast(F(d), TextField()) for d in dates},
        )
        renamed = {"facts": "facts_text", **{d: f"{d}_text" for d in dates}}
    fields = tuple(renamed.get(f, f) for f in CASE_FIELDS)
    return qs.annotate(stored=stored).values_list(*fields, "stored")


def _as_date(v) -> date | None:
    return v if v is None or isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _as_dict(v) -> dict:
    if v is None or isinstance(v, dict):
        return dict(v or {})
    return json.loads(v)


def raw_rows(qs, size: int) -> list[tuple]:
    """The rows of a values_list queryset as the database driver returns them: the queryset's own
    SQL and parameters, without Django's per-field converters (the replay reads millions of rows;
    the few conversions it needs are made in `request_for`, for SQLite and PostgreSQL alike)."""
    from django.db import connection

    sql, params = qs[:size].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def request_for(row: tuple, as_of, inputs: _Inputs):
    """The engine's request for a decided case, as `cases.recommend_penalty` made it (on the day
    the stored recommendation was made, else the decision's day)."""
    _id, agency_id, party_kind, pid, violated, received, facts, decided_on, _f, _s = row
    return RecommendationRequest(
        provision_id=pid,
        province=_province_for(agency_id, inputs),
        violation_date=_as_date(violated),
        decision_date=_as_date(as_of or decided_on),
        party_kind=PARTY_KIND_FOR_ENGINE[party_kind or "person"],
        facts=_as_dict(facts),
        discovered_on=_as_date(received),
        maritime=inputs.maritime[agency_id],
    )


def _stored(text) -> list:
    values = json.loads(text) if isinstance(text, str) else text
    return list(values) if isinstance(values, list) and values else [None] * len(STORED)


def _stored_outcome(stored: list) -> rules.Outcome | None:
    _as_of, outcome, level, low, high, amount = stored
    if not outcome:
        return None
    return rules.Outcome(outcome, level or "", _dec(low), _dec(high), _dec(amount))


_FAILED = object()  # the engine refused this request (DomainError): counted as failed


@dataclass
class _Memo:
    """What the job has already worked out, by identical input. The engine is pure: the same
    request on the same catalogue gives the same recommendation, so it runs once per distinct
    request (same provision, province, dates, party kind and facts), not once per case; stored
    recommendations are parsed once per distinct text. Bounded: cleared past LIMIT entries."""

    LIMIT = 200_000
    stored: dict = field(default_factory=dict)  # stored text → (as of, Outcome | None)
    after: dict = field(default_factory=dict)  # request key → Outcome | _FAILED
    before: dict = field(default_factory=dict)  # request key → Outcome | _FAILED (none stored)

    def trim(self) -> None:
        for d in (self.stored, self.after, self.before):
            if len(d) > self.LIMIT:
                d.clear()


def _engine(cat, row, as_of, inputs: _Inputs):
    try:
        return outcome_of(recommend(cat, request_for(row, as_of, inputs)))
    except DomainError:
        return _FAILED


def replay_batch(
    rows,
    *,
    before_cat,
    after_cat,
    inputs: _Inputs,
    tally: rules.Tally,
    replay_id: int,
    memo: _Memo | None = None,
):
    """Run the engine over one batch; returns the change rows (tuples of CHANGE_COLUMNS) and adds
    to the tally. Before: the recommendation stored on the case (recomputed on the catalogue in
    force when none was stored); after: the same request on the catalogue with the proposal."""
    memo = memo if memo is not None else _Memo()
    memo.trim()
    changes = []
    # (before, after) pairs counted by identity: the outcomes come from the memo, so equal pairs
    # are mostly the same objects, and hashing the outcomes themselves would cost more
    pairs: dict[tuple[int, int], list] = {}
    for row in rows:
        case_id, agency_id, party_kind, pid, violated, received, facts, decided_on, fine, text = row
        stored = memo.stored.get(text)
        if stored is None:
            parts = _stored(text)
            stored = memo.stored[text] = (parts[0], _stored_outcome(parts))
        as_of, before = stored
        province = _province_for(agency_id, inputs)
        key = (
            pid,
            province,
            inputs.maritime[agency_id],
            party_kind,
            violated,
            received,
            as_of or decided_on,
            facts,
        )
        after = memo.after.get(key)
        if after is None:
            after = memo.after[key] = _engine(after_cat, row, as_of, inputs)
        if before is None:
            before = memo.before.get(key)
            if before is None:
                before = memo.before[key] = _engine(before_cat, row, as_of, inputs)
        if after is _FAILED or before is _FAILED:
            tally.failed += 1
            continue
        pair = pairs.get((id(before), id(after)))
        if pair is None:
            pair = pairs[id(before), id(after)] = [before, after, 0, rules.changed(before, after)]
        pair[2] += 1
        if pair[3]:
            changes.append(
                (
                    replay_id,
                    case_id,
                    fine,
                    before.outcome,
                    after.outcome,
                    before.level,
                    after.level,
                    before.low,
                    before.high,
                    after.low,
                    after.high,
                    before.amount,
                    after.amount,
                )
            )
    for before, after, count, _changed in pairs.values():
        tally.add(before, after, count)
    return changes


CHANGE_COLUMNS = (
    "replay_id",
    "case_id",
    "decided_fine",
    "outcome_before",
    "outcome_after",
    "level_before",
    "level_after",
    "low_before",
    "high_before",
    "low_after",
    "high_after",
    "amount_before",
    "amount_after",
)


def _write_changes(changes: list[tuple]) -> None:
    """Insert the change rows as they are (one executemany; ReplayChange instances would cost
    more than the engine itself at this rate). Inside the batch's transaction, so the rows, the
    tally and the cursor are saved together or not at all."""
    from django.db import connection

    if not changes:
        return
    table = connection.ops.quote_name(ReplayChange._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in CHANGE_COLUMNS)
    marks = ", ".join(["%s"] * len(CHANGE_COLUMNS))
    with connection.cursor() as cursor:
        # names from the model's own metadata, values as parameters
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, changes)


def run_replay(
    replay_id: int, *, batch_size: int | None = None, max_batches: int | None = None
) -> Replay:
    """The job: replay batch after batch, each batch's changes, tally and cursor saved in one
    transaction, so a cancelled or interrupted replay resumes exactly where it stopped."""
    batch_size = batch_size or BATCH_SIZE
    with transaction.atomic():
        replay = Replay.objects.select_for_update().filter(pk=replay_id).first()
        if replay is None or replay.status not in ACTIVE:
            return replay  # cancelled, finished or failed: nothing to do (idempotent)
        replay.status = ReplayStatus.RUNNING
        replay.save(update_fields=["status"])
    replay = Replay.objects.select_related(
        "review__agency", "review__provision", "base", "started_by"
    ).get(pk=replay_id)
    try:
        after_cat = replay_catalogue(replay)
    except DomainError as exc:
        Replay.objects.filter(pk=replay_id).update(status=ReplayStatus.FAILED, error=exc.message)
        return Replay.objects.get(pk=replay_id)
    before_cat = _catalogue()
    inputs = _Inputs({}, {})
    # The catalogues and the loaded code are long-lived: leave them out of the cyclic collector's
    # full passes, which otherwise rescan them again and again while the batches allocate rows
    # (unfrozen when the job ends, so a worker's later garbage is collected as usual)
    gc.freeze()
    try:
        return _run_batches(
            replay_id, replay, before_cat, after_cat, inputs, batch_size, max_batches
        )
    finally:
        gc.unfreeze()


def _run_batches(replay_id, replay, before_cat, after_cat, inputs, batch_size, max_batches):
    id_qs = cases_to_replay(replay).values_list("id", flat=True)
    base_qs = case_rows(cases_to_replay(replay))
    memo = _Memo()
    batches = 0
    while max_batches is None or batches < max_batches:
        cursor = Replay.objects.values_list("cursor", flat=True).get(pk=replay_id)
        # the batch's ids first (the id index, nothing else read), then its rows by that id range:
        # the extraction from the stored recommendation runs on these rows only, never on the
        # rows a sort would pass over
        ids = list(id_qs.filter(id__gt=cursor)[:batch_size])
        if not ids:
            break
        cases = raw_rows(base_qs.filter(id__gt=cursor, id__lte=ids[-1]), len(ids))
        if not cases:
            break
        tally = rules.Tally.from_json(
            Replay.objects.values_list("tally", flat=True).get(pk=replay_id)
        )
        changes = replay_batch(
            cases,
            before_cat=before_cat,
            after_cat=after_cat,
            inputs=inputs,
            tally=tally,
            replay_id=replay_id,
            memo=memo,
        )
        with transaction.atomic():
            current = Replay.objects.select_for_update().get(pk=replay_id)
            if current.status != ReplayStatus.RUNNING or current.cursor != cursor:
                return current  # cancelled meanwhile, or another worker moved on: stop here
            _write_changes(changes)
            current.cursor = cases[-1][0]
            current.done += len(cases)
            current.total = max(current.total, current.done)  # cases decided since the start
            current.tally = tally.as_json()
            current.save(update_fields=["cursor", "done", "total", "tally"])
        batches += 1
    else:
        return Replay.objects.get(pk=replay_id)  # stopped after max_batches, still running
    return _finish(replay_id)


def _finish(replay_id: int) -> Replay:
    with transaction.atomic():
        replay = (
            Replay.objects.select_for_update()
            .select_related("review__provision__law", "started_by")
            .get(pk=replay_id)
        )
        if replay.status != ReplayStatus.RUNNING:
            return replay
        replay.status = ReplayStatus.DONE
        replay.finished_at = timezone.now()
        replay.total = replay.done
        replay.save(update_fields=["status", "finished_at", "total"])
        journal.append(
            events.REPLAY_FINISHED,
            actor=None,
            subject=replay,
            payload={"review": replay.review_id, **replay.tally},
            agency=replay.review.agency,
        )
        p = replay.review.provision
        notify(
            [replay.started_by],
            kind=events.NOTIFY_REPLAY_DONE,
            title=f"推演完成：{p.law.name}{p.article}，{replay.tally.get('changed', 0)}件裁量建议改变",
            link=_replay_url(replay),
            subject=replay,
        )
    return replay


def _replay_url(replay) -> str:
    from django.urls import reverse

    return reverse("provision_review:replay", args=[replay.pk])


def fail_replay(replay_id: int, message: str) -> None:
    Replay.objects.filter(pk=replay_id, status__in=ACTIVE).update(
        status=ReplayStatus.FAILED, error=message[:1000]
    )


# The job is declared here, beside what it runs (services never import tasks.py, which lists it
# for Celery's autodiscovery).
@shared_task(name="zhifa.provision_review.tasks.run_replay_task")
def run_replay_task(replay_id: int) -> str:
    try:
        replay = run_replay(replay_id)
    except Exception as exc:  # the replay records why it stopped; it can be resumed
        fail_replay(replay_id, f"推演中断：{exc.__class__.__name__}")
        raise
    return replay.status if replay else ""
