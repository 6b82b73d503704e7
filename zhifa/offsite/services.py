"""Writes of the off-site enforcement app: devices, intake (exactly once, set-based), review.

Intake runs in chunks; each chunk is one transaction holding its records, its refused lines, the
batch's counters and resume point (`processed_lines`) and one journal entry that hashes the chunk's
record digests. A `kill -9` loses at most the chunk in flight, which a restart redoes; a record's
identity is the digest of its content (unique), so nothing is stored twice however often it is sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from zhifa.core import hashchain, identifiers
from zhifa.core import offsite as core
from zhifa.records import journal

from . import events
from .choices import BatchSource, BatchState, RecordState
from .errors import AlreadyReviewed, InvalidOffsiteInput, NotAllowed
from .models import Device, IntakeBatch, LineError, Record

NOTIFY_KIND = "offsite.review"
CHUNK = 2000
REVIEW_CHUNK = 1000
WEIGHT_PROVISION = "ovl-43-2"
Line = tuple[int, object, str]  # (line number, dict or core.LineError, raw text)


def window_minutes() -> int:
    return int(getattr(settings, "ZHIFA_OFFSITE_DEDUP_MINUTES", core.DEDUP_WINDOW_MINUTES))


def province_path(agency) -> str:
    """The path of the provincial-level agency above (or at) `agency`: "/1/5/" for "/1/5/77/"."""
    parts = agency.path.split("/")
    return "/".join(parts[:3]) + "/" if len(parts) > 3 else agency.path


def _require_staff(actor, agency, what: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录")
    if actor.agency_id != agency.pk or not (actor.is_officer or actor.is_agency_head):
        raise NotAllowed(f"{what}须由本机构执法人员或执法部门负责人办理")


# --- devices ----------------------------------------------------------------------------------

DEVICE_FIELDS = (
    "kind",
    "name",
    "location",
    "approved_on",
    "approval_document",
    "published_on",
    "publication_reference",
    "calibrated_on",
    "calibration_valid_until",
    "calibration_certificate",
    "retired_on",
)


def save_device(*, actor, agency, code: str, **values) -> Device:
    """Register a device or record its new dates (APL Art. 41 para 1); journaled."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录")
    if not actor.is_agency_head or actor.agency_id != agency.pk:
        raise NotAllowed("检测设备由本机构执法部门负责人登记")
    code = (code or "").strip()
    if not code or len(code) > 64:
        raise InvalidOffsiteInput(
            "请填写设备（站点）编号（最多64个字符）", code="device_code_invalid"
        )
    unknown = set(values) - set(DEVICE_FIELDS)
    if unknown:
        raise InvalidOffsiteInput(f"未知的设备字段：{'、'.join(sorted(unknown))}")
    if not (values.get("name") or "").strip() or not (values.get("location") or "").strip():
        raise InvalidOffsiteInput("请填写设备名称和设置地点", code="device_fields_missing")
    start, end = values.get("calibrated_on"), values.get("calibration_valid_until")
    if start and end and end < start:
        raise InvalidOffsiteInput("检定（校准）有效期不能早于检定日期", code="calibration_dates")
    with transaction.atomic():
        device = Device.objects.select_for_update().filter(code=code).first()
        if device is not None and device.agency_id != agency.pk:
            raise InvalidOffsiteInput("该设备编号已由其他机构登记", code="device_code_taken")
        device = device or Device(agency=agency, code=code)
        for name, value in values.items():
            setattr(device, name, value if value is not None or name.endswith("_on") else "")
        device.save()
        journal.append(
            events.DEVICE_SAVED,
            actor=actor,
            subject=device,
            agency=agency,
            payload={"code": code, **{k: values.get(k) for k in DEVICE_FIELDS if k in values}},
        )
    return device


def _device_dates(device: Device) -> core.DeviceDates:
    return core.DeviceDates(
        device.approved_on,
        device.published_on,
        device.calibrated_on,
        device.calibration_valid_until,
        device.retired_on,
    )


# --- images -----------------------------------------------------------------------------------


def store_images(files: Iterable, *, actor) -> dict[str, str]:
    """Store image files in the evidence store by digest; {file name: digest} of what was stored."""
    from zhifa.evidence import sniffing, storage
    from zhifa.evidence.models import EvidenceFile

    out = {}
    for fileobj in files:
        staged = storage.stage(fileobj)
        try:
            with transaction.atomic():
                EvidenceFile.objects.get_or_create(
                    algorithm=staged.algorithm,
                    digest=staged.digest,
                    defaults={
                        "size": staged.size,
                        "content_type": sniffing.sniff_file(staged.path)
                        or "application/octet-stream",
                        "original_name": staged.name[:255],
                        "storage_name": storage.storage_name(staged.digest),
                    },
                )
        except IntegrityError:
            pass
        storage.place(staged, storage.storage_name(staged.digest))
        out[staged.name] = staged.digest
    return out


# --- intake -----------------------------------------------------------------------------------


def start_batch(
    *, actor, agency, key: str, name: str = "", source: str, total_lines: int | None = None
) -> IntakeBatch:
    """The batch with this key (a file's digest, or the sender's batch id): created once, found
    again when the same file or stream is sent again."""
    if source not in BatchSource.values:
        raise InvalidOffsiteInput("批次来源无效")
    key = (key or "").strip()
    if not key or len(key) > 80:
        raise InvalidOffsiteInput("批次标识应为1至80个字符", code="batch_key_invalid")
    with transaction.atomic():
        batch, created = IntakeBatch.objects.get_or_create(
            agency=agency,
            key=key,
            defaults={
                "name": (name or "")[:255],
                "source": source,
                "total_lines": total_lines,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if created:
            journal.append(
                events.BATCH_RECEIVED,
                actor=actor,
                subject=batch,
                agency=agency,
                payload={"key": key, "name": batch.name, "source": source},
            )
    return batch


@dataclass
class _Context:
    batch: IntakeBatch
    province: str
    window: int
    files: dict[str, str]
    devices: dict[str, Device | None] = field(default_factory=dict)
    limits: dict[date, dict] = field(default_factory=dict)
    rounding: str = "floor"

    def device(self, code: str) -> Device:
        if code not in self.devices:
            self.devices[code] = Device.objects.select_related("agency").filter(code=code).first()
        device = self.devices[code]
        if device is None:
            raise core.LineError("station_unknown", f"检测站点“{code}”未登记为非现场执法检测设备")
        if province_path(device.agency) != self.province:
            raise core.LineError(
                "station_other_province",
                f"检测站点“{code}”属于{device.agency.name}，不在本省管辖范围，请由该省接收",
            )
        return device

    def limits_on(self, day: date) -> dict:
        if day not in self.limits:
            self.limits[day] = _limits_on(day)
        return self.limits[day]


def _limits_on(day: date) -> dict:
    """第三条 limits of the version of 第四十三条 in force on `day` (discretion catalogue)."""
    from zhifa.core.discretion.errors import DiscretionError
    from zhifa.law.services import current_catalogue

    cat = current_catalogue()
    try:
        version = cat.resolve(WEIGHT_PROVISION, day)
    except DiscretionError as exc:
        raise core.LineError("no_law_in_force", exc.message) from None
    if version is None or not version.limits_kg:
        raise core.LineError("no_law_in_force", f"{day.isoformat()}无有效的超限认定标准")
    return dict(version.limits_kg)


def ingest(
    batch: IntakeBatch,
    lines: Iterable[Line],
    *,
    actor,
    files: dict[str, str] | None = None,
    finish: bool = True,
    chunk_size: int = CHUNK,
) -> IntakeBatch:
    """Take the lines of a batch, resuming after `processed_lines`; `finish` marks it done."""
    from zhifa.law.services import current_catalogue

    ctx = _Context(
        batch=batch,
        province=province_path(batch.agency),
        window=window_minutes(),
        files=files or {},
        rounding=current_catalogue().settings.overlimit_rounding,
    )
    for chunk in _chunks(lines, batch.processed_lines, chunk_size):
        _take_chunk(ctx, chunk, actor)
    if finish and batch.state != BatchState.DONE:
        IntakeBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.DONE, finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def _chunks(lines: Iterable[Line], done: int, size: int) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in lines:
        if line[0] <= done:
            continue
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _Good:
    line_no: int
    rec: core.OffsiteRecord
    device: Device
    assessment: core.Assessment


def _classify(ctx: _Context, chunk: list[Line]):
    now = timezone.now()
    good: list[_Good] = []
    errors: list[tuple[int, str, str, str]] = []
    for line_no, raw, text in chunk:
        try:
            if isinstance(raw, core.LineError):
                raise raw
            rec = core.parse_record(raw, now=now, window_minutes=ctx.window)
            device = ctx.device(rec.station)
            refusal = core.device_refusal(_device_dates(device), rec.local_date)
            if refusal is not None:
                raise refusal
            for name, digest in rec.image_names:
                actual = ctx.files.get(name)
                if actual is not None and actual != digest:
                    raise core.LineError(
                        "image_digest_mismatch",
                        f"图像文件“{name}”的摘要与记录所载不一致，图像可能被替换或损坏",
                    )
            assessment = core.assess(rec, ctx.limits_on(rec.local_date), ctx.rounding)
            good.append(_Good(line_no, rec, device, assessment))
        except core.LineError as exc:
            errors.append((line_no, exc.code, exc.message, text))
    return good, errors


WINDOW_LOCK_SPACE = (
    0x0FF5  # pg_advisory_xact_lock(space, device id): the window check of one device
)


def _lock_windows(device_ids: set[int]) -> None:
    """Hold, until the chunk commits, the window check of each device the chunk's records come from:
    two intakes (two batches, two processes) taking passes of one station check the sliding window
    one after the other, so neither misses what the other has just stored. Locks are taken in id
    order (no deadlock); SQLite runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for device_id in sorted(device_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [WINDOW_LOCK_SPACE, device_id])


def _stored_passes(good: list[_Good], window: int) -> dict[tuple[int, str], list]:
    """Passes already stored of the chunk's vehicles at the chunk's devices, near its times."""
    low = min(g.rec.measured_at for g in good) - timedelta(minutes=window)
    high = max(g.rec.measured_at for g in good) + timedelta(minutes=window)
    passes: dict[tuple[int, str], list] = {}
    rows = Record.objects.filter(
        device_id__in={g.device.pk for g in good},
        plate__in={g.rec.plate for g in good},
        measured_at__gt=low,
        measured_at__lt=high,
    ).values_list("device_id", "plate", "measured_at")
    for device_id, plate, moment in rows:
        passes.setdefault((device_id, plate), []).append(moment)
    return passes


def _drop_conflicts(good: list[_Good], errors: list, window: int) -> list[_Good]:
    """Refuse lines already stored (same digest), within the sliding window of a pass of the same
    vehicle at the same station already accepted (stored, or earlier in this chunk), or whose
    images are absent. Runs inside the chunk's transaction, after `_lock_windows`."""
    from zhifa.evidence.models import EvidenceFile

    if not good:
        return good
    digests = [g.rec.digest for g in good]
    images = {d for g in good for d in g.rec.images}
    stored = {
        d: (b, n)
        for d, b, n in Record.objects.filter(digest__in=digests).values_list(
            "digest", "batch_id", "line_no"
        )
    }
    passes = _stored_passes(good, window)
    known_images = set(
        EvidenceFile.objects.filter(digest__in=images).values_list("digest", flat=True)
    )
    kept, seen_digests = [], {}
    for g in good:
        rec = g.rec
        earlier = passes.get((g.device.pk, rec.plate), ())
        if rec.digest in stored or rec.digest in seen_digests:
            where = stored.get(rec.digest)
            first = (
                f"批次{where[0]}第{where[1]}行" if where else f"本批第{seen_digests[rec.digest]}行"
            )
            errors.append(
                (g.line_no, "already_received", f"该记录已于{first}接收，本次未重复入库", "")
            )
        elif (other := core.window_conflict(rec.measured_at, earlier, window)) is not None:
            at = timezone.localtime(other)
            errors.append(
                (
                    g.line_no,
                    "duplicate_window",
                    f"同一车辆{rec.plate}在同一站点{window}分钟内已有检测记录"
                    f"（{at:%Y-%m-%d %H:%M:%S}），按重复记录处理",
                    "",
                )
            )
        elif not set(rec.images) <= known_images:
            errors.append(
                (g.line_no, "image_missing", "记录所载图像文件尚未上传，无法核对图像证据", "")
            )
        else:
            seen_digests[rec.digest] = g.line_no
            passes.setdefault((g.device.pk, rec.plate), []).append(rec.measured_at)
            kept.append(g)
    return kept


RECORD_COLUMNS = (
    "digest",
    "dedup_key",
    "batch_id",
    "line_no",
    "agency_id",
    "device_id",
    "plate",
    "vehicle_class",
    "axles",
    "gross_mass_kg",
    "limit_kg",
    "excess_kg",
    "height_m",
    "width_m",
    "length_m",
    "dimension_tier",
    "single_tyre_reduction",
    "measured_at",
    "images",
    "warning_only",
    "fine_low",
    "fine_high",
    "owner_name",
    "owner_id_number",
    "owner_address",
    "state",
    "review_note",
)


def _row(batch: IntakeBatch, g: _Good) -> tuple:
    r, a = g.rec, g.assessment
    return (
        r.digest,
        r.dedup_key,
        batch.pk,
        g.line_no,
        g.device.agency_id,
        g.device.pk,
        r.plate,
        r.vehicle_class,
        r.axles,
        r.gross_mass_kg,
        a.limit_kg,
        a.excess_kg,
        r.height_m,
        r.width_m,
        r.length_m,
        a.dimension_tier,
        r.single_tyre_reduction,
        r.measured_at,
        list(r.images),
        a.warning_only,
        a.fine_low,
        a.fine_high,
        r.owner_name,
        r.owner_id_number,
        r.owner_address,
        RecordState.PENDING.value,
        "",
    )


def _insert_records(batch: IntakeBatch, kept: list[_Good]) -> None:
    rows = [_row(batch, g) for g in kept]
    if connection.vendor == "postgresql":
        cols = ", ".join(RECORD_COLUMNS)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {Record._meta.db_table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    values = list(row)
                    values[18] = json.dumps(values[18])
                    copy.write_row(values)
        return
    Record.objects.bulk_create(
        [Record(**dict(zip(RECORD_COLUMNS, row, strict=True))) for row in rows]
    )


def _take_chunk(ctx: _Context, chunk: list[Line], actor) -> None:
    batch = ctx.batch
    good, errors = _classify(ctx, chunk)
    with transaction.atomic():
        # one writer per batch: a second process resuming the same batch waits here
        locked = IntakeBatch.objects.select_for_update().get(pk=batch.pk)
        chunk = [line for line in chunk if line[0] > locked.processed_lines]
        if not chunk:
            return
        first = chunk[0][0]
        good = [g for g in good if g.line_no >= first]
        errors = [e for e in errors if e[0] >= first]
        _lock_windows({g.device.pk for g in good})
        kept = _drop_conflicts(good, errors, ctx.window)
        try:
            with transaction.atomic():
                _insert_records(batch, kept)
        except IntegrityError:
            # backstop only: the window lock serialises intakes of one station (a digest names its station)
            errors = [e for e in errors if e[1] not in ("already_received", "duplicate_window")]
            kept = _drop_conflicts(good, errors, ctx.window)
            _insert_records(batch, kept)
        texts = {line_no: text for line_no, _raw, text in chunk}
        LineError.objects.bulk_create(
            [
                LineError(
                    batch=batch,
                    line_no=n,
                    code=code,
                    message=message[:400],
                    raw=(text or texts.get(n, ""))[:2000],
                )
                for n, code, message, text in errors
            ],
            ignore_conflicts=True,
        )
        last = chunk[-1][0]
        IntakeBatch.objects.filter(pk=batch.pk).update(
            processed_lines=last,
            accepted=F("accepted") + len(kept),
            rejected_lines=F("rejected_lines") + len(errors),
        )
        journal.append(
            events.RECORDS_RECEIVED,
            actor=actor,
            subject=batch,
            agency=batch.agency,
            payload={
                "lines": [first, last],
                "accepted": len(kept),
                "refused": len(errors),
                "records_digest": hashchain.digest(
                    hashchain.DEFAULT_ALGORITHM,
                    "".join(g.rec.digest for g in kept).encode(),
                ),
            },
        )
    batch.processed_lines = last


# --- review: a person confirms or rejects; a confirmed record becomes a case -------------------


@dataclass
class ReviewResult:
    confirmed: int = 0
    rejected: int = 0
    case_ids: list[int] = field(default_factory=list)


def _reviewer(actor):
    from zhifa.officers.models import Officer

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录")
    if not actor.is_officer:
        raise NotAllowed(
            "非现场执法记录由执法人员审核（《中华人民共和国行政处罚法》第四十一条第二款）"
        )
    officer = Officer.objects.filter(user=actor).first()
    if officer is None:
        raise NotAllowed("审核人尚未登记为执法人员")
    return officer


def review(
    *, actor, record_ids: Iterable[int], confirm: bool, note: str = "", as_of: date | None = None
) -> ReviewResult:
    """Confirm (each becomes a case at the record's agency, state `lead`, with its images attached
    as evidence by digest and the owner's notice recorded) or reject with a reason."""
    officer = _reviewer(actor)
    note = (note or "").strip()
    if not confirm and not note:
        raise InvalidOffsiteInput("不予采用须写明理由", code="reject_reason_missing")
    if len(note) > 300:
        raise InvalidOffsiteInput("审核意见最多300个字符")
    ids = sorted({int(i) for i in record_ids})
    if not ids:
        raise InvalidOffsiteInput("请选择要审核的记录", code="nothing_selected")
    result = ReviewResult()
    for start in range(0, len(ids), REVIEW_CHUNK):
        part = ids[start : start + REVIEW_CHUNK]
        with transaction.atomic():
            records = list(
                Record.objects.select_for_update()
                .filter(pk__in=part, agency_id=actor.agency_id)
                .select_related("device")
                .order_by("pk")
            )
            if len(records) != len(part):
                raise NotAllowed("所选记录不存在或不属于本机构")
            done = [r.pk for r in records if r.state != RecordState.PENDING]
            if done:
                raise AlreadyReviewed(
                    f"有{len(done)}条记录已审核，请刷新后重试", details={"records": done[:20]}
                )
            if confirm:
                result.case_ids += _confirm(
                    records, actor=actor, officer=officer, note=note, as_of=as_of
                )
                result.confirmed += len(records)
            else:
                _reject(records, actor=actor, note=note)
                result.rejected += len(records)
    if result.confirmed:
        _tell_heads(actor, result.confirmed)
    return result


def _reject(records: list[Record], *, actor, note: str) -> None:
    now = timezone.now()
    for r in records:
        r.state, r.reviewed_by, r.reviewed_at, r.review_note = (
            RecordState.REJECTED,
            actor,
            now,
            note,
        )
    Record.objects.bulk_update(records, ["state", "reviewed_by", "reviewed_at", "review_note"])
    journal.append_many(
        [
            (
                events.RECORD_REVIEWED,
                r,
                {"digest": r.digest, "decision": "rejected", "reason": note},
            )
            for r in records
        ],
        actor=actor,
        agency=actor.agency,
    )


def _party_for(r: Record, agency, as_of: date):
    from zhifa.cases.choices import PartyKind
    from zhifa.cases.models import Party

    if not r.owner_name or not r.owner_id_number:
        return None
    person = identifiers.validate_resident_id(r.owner_id_number, as_of=as_of)
    if person.ok:
        kind, number = PartyKind.PERSON, person.value
    else:
        org = identifiers.validate_uscc(r.owner_id_number)
        if not org.ok:
            return None
        kind, number = PartyKind.ORGANISATION, org.value
    return Party(
        kind=kind,
        name=r.owner_name,
        id_number=number,
        plate=r.plate,
        address=r.owner_address,
        agency=agency,
    )


def provision_of(r: Record) -> str:
    """超限规定第四十三条: the weight provision, or the dimension tier's when only dimensions are over."""
    return core.provision_for(r.excess_kg, r.dimension_tier)


def facts_of(r: Record) -> dict:
    """The discretion facts of a record (names from zhifa.core.discretion.facts); a dimension
    provision takes the dimensions only (第四十三条第一款第（一）项 knows no mass)."""
    dims = {
        name: float(getattr(r, name))
        for name in ("height_m", "width_m", "length_m")
        if getattr(r, name) is not None
    }
    if provision_of(r) != WEIGHT_PROVISION:
        return dims
    facts = {
        "gross_mass_kg": r.gross_mass_kg,
        "excess_kg": r.excess_kg,
        "vehicle_class": r.vehicle_class,
        "single_tyre_reduction": r.single_tyre_reduction,
    }
    for name in ("height_m", "width_m", "length_m"):
        value = getattr(r, name)
        if value is not None:
            facts[name] = float(value)
    return facts


class _Engine:
    """The discretion engine for one review: the catalogue and the agency's province looked up once.

    The engine is deterministic; where no benchmark level or exemption item of 第四十三条 reads the
    kilograms (`core.KG_FACTS`), records that differ only in kilograms the formula does not count
    (`core.recommendation_bucket`: same day, class, whole tonnes over) get the same outcome, and
    the engine runs once per bucket; each record's copy states its own excess
    (`core.render_recommendation`). The second record of every bucket is also computed in full and
    compared: a difference turns sharing off for that bucket (each record computed alone)."""

    def __init__(self, agency, as_of: date):
        from zhifa.cases.selectors import engine_province_of
        from zhifa.law.services import current_catalogue

        self.catalogue = current_catalogue()
        self.province = engine_province_of(agency) or ""
        self.as_of = as_of
        self.rounding = self.catalogue.settings.overlimit_rounding
        self.shareable = not (_facts_read_by_conditions(self.catalogue) & core.KG_FACTS)
        self.cache: dict = {}
        self.buckets: dict = {}  # bucket -> (template excess, recommendation, checked) | None
        self.computed = 0

    def _compute(self, provision: str, day: date, facts: dict) -> str:
        """The engine's explained recommendation for one record, as the JSON text stored."""
        from zhifa.core.discretion import RecommendationRequest, recommend
        from zhifa.core.discretion.errors import DiscretionError
        from zhifa.law.discretion import serialize

        from .bulk import JsonText

        self.computed += 1
        try:
            rec = recommend(
                self.catalogue,
                RecommendationRequest(
                    provision_id=provision,
                    province=self.province,
                    violation_date=day,
                    decision_date=self.as_of,
                    party_kind="natural_person",
                    facts=facts,
                ),
            )
            value = {**serialize(rec), "as_of": self.as_of.isoformat()}
        except DiscretionError as exc:
            value = {"error": exc.message, "code": exc.code}
        return JsonText(json.dumps(value, ensure_ascii=False, default=str))

    def _exact(self, provision: str, day: date, facts: dict) -> str:
        key = (provision, day, tuple(sorted(facts.items())))
        if key not in self.cache:
            self.cache[key] = self._compute(provision, day, facts)
        return self.cache[key]

    def recommendation(self, r: Record) -> str:
        """The JSON text of the record's recommendation (`bulk.JsonText`)."""
        from .bulk import JsonText

        day = timezone.localtime(r.measured_at).date()
        facts = facts_of(r)
        provision = provision_of(r)
        # buckets are of the mass formula (第四十三条第一款第（二）项); dimension tiers are few anyway
        if not self.shareable or provision != WEIGHT_PROVISION:
            return self._exact(provision, day, facts)
        bucket = core.recommendation_bucket(day, facts, self.rounding)
        entry = self.buckets.get(bucket, False)
        if entry is None:  # sharing turned off for this bucket
            return self._exact(provision, day, facts)
        if entry is False:
            shared = self._exact(provision, day, facts)
            self.buckets[bucket] = (facts["excess_kg"], shared, False)
            return shared
        template_excess, shared, checked = entry
        rendered = JsonText(core.render_recommendation(shared, template_excess, facts["excess_kg"]))
        if not checked:
            exact = self._exact(provision, day, facts)
            if exact != rendered:
                self.buckets[bucket] = None
                return exact
            self.buckets[bucket] = (template_excess, shared, True)
        return rendered


def _facts_read_by_conditions(catalogue) -> set[str]:
    """Fact names that a benchmark level or an exemption item for 第四十三条 reads."""
    names: set[str] = set()
    for benchmark in catalogue.benchmarks_by_provision.get(WEIGHT_PROVISION, ()):
        for level in benchmark.levels:
            if level.when is not None:
                names |= set(level.when.facts)
            if level.per_unit_fact:
                names.add(level.per_unit_fact)
    for _list, item in catalogue.exemptions_by_provision.get(WEIGHT_PROVISION, ()):
        if item.when is not None:
            names |= set(item.when.facts)
    return names


def _dimensions_text(r: Record) -> str:
    parts = [
        f"{label}{value}米"
        for label, value in (("高", r.height_m), ("宽", r.width_m), ("长", r.length_m))
        if value is not None
    ]
    return "车货总" + "、".join(parts) if parts else "车货外廓尺寸"


def facts_text(r: Record) -> str:
    local = timezone.localtime(r.measured_at)
    if provision_of(r) != WEIGHT_PROVISION:
        # 超限规定第三条第一款第（一）至（三）项: 高4米、宽2.55米、长18.1米
        return (
            f"车辆{r.plate}于{local:%Y年%m月%d日%H时%M分}经{r.device.location}"
            f"{r.device.name}检测，{_dimensions_text(r)}，超过外廓尺寸限定标准"
            "（高4米、宽2.55米、长18.1米），涉嫌违法超限运输。"
        )
    return (
        f"车辆{r.plate}于{local:%Y年%m月%d日%H时%M分}经{r.device.location}"
        f"{r.device.name}检测，车货总质量{r.gross_mass_kg}千克，超过限定标准{r.limit_kg}千克"
        f"{max(r.excess_kg, 0)}千克，涉嫌违法超限运输。"
    )


def lookup_url() -> str:
    """Where the notice sends the owner: the portal's look-up page (ZHIFA_SITE_URL in front)."""
    from django.urls import reverse

    base = (getattr(settings, "ZHIFA_SITE_URL", "") or "").rstrip("/")
    return base + reverse("offsite_public:lookup")


def notice_text(r: Record) -> str:
    """The notice to the registered owner (APL Art. 41 para 3: tell the facts promptly, and how to
    look them up, state and defend)."""
    where = (
        f"可凭车辆号牌和查询码{core.format_query_code(r.query_code)}在{lookup_url()}"
        "查询检测记录、核对检测图像和设备检定情况，"
        if r.query_code
        else "可凭号牌向执法机构查询、核对检测图像，"
    )
    return (
        f"您登记的{facts_text(r)}检测记录已经执法人员审核，{where}"
        "并有权陈述和申辩（《中华人民共和国行政处罚法》第四十五条）。"
    )


def _confirm(records: list[Record], *, actor, officer, note: str, as_of: date | None) -> list[int]:
    """Set-based: parties, cases, leads and evidence go in as rows (one COPY each on PostgreSQL,
    ids from each table's sequence) with the same columns `cases.services.create_lead` gives a
    lead; three journal entries per case through `journal.append_many`."""
    from zhifa.cases import events as case_events
    from zhifa.cases.choices import LeadSource
    from zhifa.cases.models import Case, Lead, Party
    from zhifa.core.procedure import State
    from zhifa.evidence.choices import CollectionMethod, EvidenceKind
    from zhifa.evidence.choices import DeviceKind as EvidenceDevice
    from zhifa.evidence.models import Evidence, EvidenceFile
    from zhifa.law.models import PenaltyProvision
    from zhifa.orgs.models import Agency

    from . import bulk

    agency = Agency.objects.select_related("parent", "region").get(pk=actor.agency_id)
    today = as_of or timezone.localdate()
    wanted = {provision_of(r) for r in records}
    provisions = {p.data_id: p for p in PenaltyProvision.objects.filter(data_id__in=wanted)}
    if set(provisions) != wanted:
        raise InvalidOffsiteInput("尚未载入超限运输处罚条款，无法立案", code="provision_missing")
    parties = [_party_for(r, agency, today) for r in records]
    owned = [p for p in parties if p is not None]
    party_ids = iter(
        bulk.insert_rows(
            Party,
            Party(agency=agency),
            ("kind", "name", "id_number", "plate", "address"),
            [(p.kind, p.name, p.id_number, p.plate, p.address) for p in owned],
        )
    )
    party_of = [next(party_ids) if p is not None else None for p in parties]
    engine = _Engine(agency, today)
    case_ids = bulk.insert_rows(
        Case,
        Case(
            agency=agency,
            state=State.LEAD.value,
            lead_received_on=today,
            created_by=actor,
        ),
        ("party_id", "provision_id", "violation_date", "facts", "recommendation"),
        [
            (
                party_id,
                provisions[provision_of(r)].pk,
                timezone.localtime(r.measured_at).date(),
                facts_of(r),
                engine.recommendation(r),
            )
            for r, party_id in zip(records, party_of, strict=True)
        ],
    )
    bulk.insert_rows(
        Lead,
        Lead(
            agency=agency,
            source=LeadSource.INSPECTION,
            facts="",
            received_on=today,
            created_by=actor,
        ),
        ("case_id", "facts"),
        [
            (case_id, "非现场执法检测：" + facts_text(r))
            for r, case_id in zip(records, case_ids, strict=True)
        ],
    )
    files = dict(
        EvidenceFile.objects.filter(digest__in={d for r in records for d in r.images}).values_list(
            "digest", "pk"
        )
    )
    bulk.insert_rows(
        Evidence,
        Evidence(
            kind=EvidenceKind.ELECTRONIC_DATA,
            title="非现场执法检测图像",
            collected_by=officer,
            method=CollectionMethod.TECHNICAL_CAPTURE,
            act="evidence_collection",
            custodian=actor,
            uploaded_by=actor,
        ),
        (
            "case_id",
            "number",
            "description",
            "collected_at",
            "place",
            "device_kind",
            "device_id",
            "file_id",
        ),
        [
            (
                case_id,
                i,
                f"检测设备{r.device.code}记录，车货总质量{r.gross_mass_kg}千克",
                r.measured_at,
                r.device.location[:200],
                EvidenceDevice.WEIGH_STATION
                if r.device.kind == "weigh_station"
                else EvidenceDevice.OTHER,
                r.device.code,
                files[d],
            )
            for r, case_id in zip(records, case_ids, strict=True)
            for i, d in enumerate(r.images, start=1)
        ],
    )
    _mark_confirmed(records, case_ids, actor=actor, note=note)
    entries = []
    for r, case_id, party_id in zip(records, case_ids, party_of, strict=True):
        subject = ("cases.case", str(case_id))
        entries.append(
            (
                case_events.LEAD_CREATED,
                subject,
                {
                    "source": "offsite",
                    "received_on": today.isoformat(),
                    "party_id": party_id,
                    "provision": provision_of(r),
                    "record": r.digest,
                },
            )
        )
        entries.append(
            (
                events.RECORD_REVIEWED,
                subject,
                {"digest": r.digest, "decision": "confirmed", "images": list(r.images)},
            )
        )
        entries.append(
            (
                events.OWNER_NOTIFIED,
                subject,
                {
                    "party_id": party_id,
                    "plate": r.plate,
                    "notice": notice_text(r) if party_id else "",
                    "owner_known": party_id is not None,
                },
            )
        )
    journal.append_many(entries, actor=actor, agency=agency)
    return case_ids


def _mark_confirmed(records: list[Record], case_ids: list[int], *, actor, note: str) -> None:
    """Each record → its case, in one statement on PostgreSQL (an UPDATE … FROM unnest)."""
    now = timezone.now()
    for r in records:
        r.query_code = r.query_code or core.new_query_code()  # printed on the owner's notice
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE offsite_record AS r SET state = %s, reviewed_by_id = %s, "
                "reviewed_at = %s, review_note = %s, case_id = v.case_id, query_code = v.code "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(id, case_id, code) "
                "WHERE r.id = v.id",
                [
                    RecordState.CONFIRMED.value,
                    actor.pk,
                    now,
                    note,
                    [r.pk for r in records],
                    case_ids,
                    [r.query_code for r in records],
                ],
            )
        return
    for r, case_id in zip(records, case_ids, strict=True):
        r.state, r.case_id, r.reviewed_by, r.reviewed_at = (
            RecordState.CONFIRMED,
            case_id,
            actor,
            now,
        )
        r.review_note = note
    Record.objects.bulk_update(
        records, ["state", "case", "reviewed_by", "reviewed_at", "review_note", "query_code"]
    )


def _tell_heads(actor, count: int) -> None:
    from django.contrib.auth import get_user_model

    from zhifa.notifications.services import notify

    heads = (
        get_user_model()
        .objects.filter(agency_id=actor.agency_id, is_agency_head=True, is_active=True)
        .exclude(pk=actor.pk)
    )
    notify(
        heads,
        kind=NOTIFY_KIND,
        title=f"{count}件非现场执法案件待审批立案",
        body="非现场执法记录已经审核确认，已登记为线索，待审批立案。",
        link="/workbench/",
    )


def notify_reviewers(batch: IntakeBatch) -> None:
    """Tell the agency's officers that records of a batch wait for review."""
    from django.contrib.auth import get_user_model

    from zhifa.notifications.services import notify

    if not batch.accepted:
        return
    officers = get_user_model().objects.filter(
        agency_id=batch.agency_id, is_officer=True, is_active=True
    )
    notify(
        officers,
        kind=NOTIFY_KIND,
        title=f"非现场执法数据批次“{batch}”有{batch.accepted}条记录待审核",
        link=f"/offsite/review/?batch={batch.pk}",
    )


# --- the party's look-up (APL Art. 41 para 3) ---------------------------------------------------


def check_lookup_rate(address: str) -> None:
    """A fixed window per address on the shared cache; right and wrong codes count the same, so
    trying codes is slow (setting ZHIFA_OFFSITE_LOOKUP_RATE_PER_HOUR, default 20)."""
    from django.core.cache import cache

    from .errors import LookupRateLimited

    limit = int(getattr(settings, "ZHIFA_OFFSITE_LOOKUP_RATE_PER_HOUR", 20))
    key = f"offsite-lookup:{address}:{int(timezone.now().timestamp() // 3600)}"
    count = 1 if cache.add(key, 1, 3610) else cache.incr(key)
    if count > limit:
        raise LookupRateLimited("查询过于频繁，请一小时后再试，或向执法机构电话查询。")


def record_shown(record: Record, *, address: str, via: str) -> None:
    """Journal that the record was shown to whoever holds its notice (the address only as a
    digest): the agency can tell the party looked it up, and when."""
    import hashlib

    journal.append(
        events.RECORD_SHOWN_TO_PARTY,
        actor=None,
        subject=record,
        agency=record.agency,
        payload={
            "digest": record.digest,
            "via": via,
            "address": hashlib.sha256(f"offsite:{address}".encode()).hexdigest()[:16],
        },
    )


def show_to_party(plate: str, code: str, *, address: str, via: str) -> Record:
    """The confirmed record for (plate, query code): counted against the address's limit first,
    journaled when shown; RecordNotFound the same for a wrong plate and a wrong code."""
    from .errors import RecordNotFound
    from .selectors import record_for_party

    check_lookup_rate(address)
    record = record_for_party(plate, code)
    if record is None:
        raise RecordNotFound("未查到对应的检测记录，请核对车辆号牌和告知书上的查询码。")
    record_shown(record, address=address, via=via)
    return record
