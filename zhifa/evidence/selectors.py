"""Reads of the evidence app, scoped to a user through the cases app's selectors; the recording
checks other apps call; the case page's record status."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhifa.core.hashchain import Break
from zhifa.records.journal import subject_key
from zhifa.records.models import JournalEntry

from . import events, rules
from .errors import EvidenceNotFound, RecordingRequired
from .models import Evidence
from .verification import FILE_PROBLEMS, FileProblem, check_file, file_problem  # noqa: F401


def _with_related(qs: QuerySet[Evidence]) -> QuerySet[Evidence]:
    return qs.select_related("case__agency", "file", "collected_by__user", "custodian")


def case_evidence(user, case_id) -> QuerySet[Evidence]:
    """The evidence of one case in the user's scope (NotFound out of scope)."""
    from zhifa.cases.selectors import access_case

    case = access_case(user, case_id)
    return _with_related(Evidence.objects.filter(case=case)).order_by("number")


def access_evidence(user, evidence_id) -> Evidence:
    """One item whose case is in the user's scope; out of scope looks exactly like missing."""
    from zhifa.cases.selectors import visible_cases

    try:
        pk = int(evidence_id)
    except (TypeError, ValueError):
        pk = None
    evidence = (
        _with_related(Evidence.objects.filter(pk=pk, case__in=visible_cases(user))).first()
        if pk is not None
        else None
    )
    if evidence is None:
        raise EvidenceNotFound("证据不存在或无权查看。")
    return evidence


# --- custody ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustodyEvent:
    at: datetime
    event_type: str
    label: str
    actor_name: str
    payload: dict = field(default_factory=dict)


def custody_history(evidence: Evidence, *, include_views: bool = True) -> list[CustodyEvent]:
    """Collected, handed over and (unless excluded) viewed, oldest first, from the journal."""
    wanted = events.CUSTODY_EVENTS if include_views else (events.COLLECTED, events.HANDED_OVER)
    subject_type, subject_id = subject_key(evidence)
    rows = JournalEntry.objects.filter(
        subject_type=subject_type, subject_id=subject_id, event_type__in=wanted
    ).order_by("occurred_at", "id")
    return [
        CustodyEvent(
            row.occurred_at,
            row.event_type,
            row.event_label,
            row.actor_name,
            json.loads(row.payload),
        )
        for row in rows
    ]


# --- audio-video recording (legal.md §B.4) -------------------------------------------------------


def recording_required(act: str) -> bool:
    """True when the act cannot be completed without an attached audio-video record."""
    return rules.recording_required(act)


def recording_advice(act: str) -> str:
    """What a page says beside the act: 必须全程录音录像 / 建议录音录像 / ""."""
    rule = rules.RULES.get(act)
    if rule is None or rule.requirement == rules.NONE:
        return ""
    if rule.mandatory:
        return _("必须全程录音录像") if rule.media == rules.VIDEO else _("必须拍照或者录像")
    return _("建议录音录像")


@dataclass(frozen=True)
class RecordingCheck:
    act: str
    rule: rules.RecordingRule | None
    required: bool
    satisfied: bool
    evidence_ids: tuple[int, ...]
    message: str


def _ref_text(ref) -> str:
    if ref in (None, ""):
        return ""
    if isinstance(ref, str):
        return ref
    subject_type, subject_id = subject_key(ref)
    return f"{subject_type}:{subject_id}"


def check_recording(case, act: str, *, ref=None) -> RecordingCheck:
    """Is the act recorded as §B.4 asks? A recording is evidence of the case for this act (and this
    `ref`, when given) whose file's detected type satisfies the act's rule."""
    rule = rules.RULES.get(act)
    if rule is None:
        return RecordingCheck(act, None, False, False, (), _("未知的执法行为。"))
    qs = Evidence.objects.filter(case=case, act=act).select_related("file")
    ref_text = _ref_text(ref)
    if ref_text:
        qs = qs.filter(act_ref=ref_text)
    ids = tuple(e.pk for e in qs if rules.counts_for(rule.media, e.file.content_type))
    satisfied = bool(ids)
    if satisfied:
        message = _("已附音像记录。")
    elif rule.mandatory:
        what = _("全程录像") if rule.media == rules.VIDEO else _("照片或者录像")
        message = _("“%(act)s”必须附%(what)s（%(article)s），尚未上传。") % {
            "act": rule.label,
            "what": what,
            "article": rule.article,
        }
    elif rule.recommended:
        message = _("建议录音录像。")
    else:
        message = ""
    return RecordingCheck(act, rule, rule.mandatory, satisfied, ids, message)


def require_recording(case, act: str, *, ref=None) -> RecordingCheck:
    """Raise RecordingRequired when the act is mandatory and no recording is attached."""
    check = check_recording(case, act, ref=ref)
    if check.required and not check.satisfied:
        raise RecordingRequired(
            check.message,
            details={"act": act, "ref": _ref_text(ref), "article": check.rule.article},
        )
    return check


def recordings_of_act(case, act: str, *, after=None, until=None, exclude=()) -> tuple[int, ...]:
    """The recordings of ONE occurrence of `act` (legal.md §B.4): evidence of the case for `act`
    whose file satisfies the act's rule, recorded (`collected_at`) strictly after `after` (the
    previous occurrence: a resumed execution is filmed anew, T4 §三(八)) and not after `until`,
    leaving out those an earlier occurrence already used (`exclude`)."""
    rule = rules.RULES.get(act)
    if rule is None:
        return ()
    qs = Evidence.objects.filter(case=case, act=act).select_related("file").order_by("id")
    if after is not None:
        qs = qs.filter(collected_at__gt=after)
    if until is not None:
        qs = qs.filter(collected_at__lte=until)
    if exclude:
        qs = qs.exclude(pk__in=list(exclude))
    return tuple(e.pk for e in qs if rules.counts_for(rule.media, e.file.content_type))


def recording_overview(case) -> list[RecordingCheck]:
    """For the case's evidence page: every act the case's evidence records, with its check."""
    acts = sorted(set(Evidence.objects.filter(case=case).values_list("act", flat=True)))
    return [check_recording(case, act) for act in acts]


# --- record status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordStatus:
    ok: bool
    summary: str
    broken_entry: Break | None = None
    broken_file: FileProblem | None = None
    entries: int = 0
    files: int = 0
    files_checked_at: datetime | None = None


def record_status(case, *, rehash: bool = False) -> RecordStatus:
    """ "记录完整", or the first broken journal entry of the case's subjects, or the first missing
    or altered file. Files are checked for presence and size; their bytes are re-hashed only with
    `rehash` (else the last verify_evidence outcome counts)."""
    from zhifa.records.verification import verify

    from .record import case_subjects

    entries = 0
    for key in case_subjects(case):
        result = verify(subject=key)
        entries += result.entries
        if not result.ok:
            return RecordStatus(False, result.summary, broken_entry=result.broken, entries=entries)
    files = list(
        {
            e.file_id: e.file for e in Evidence.objects.filter(case=case).select_related("file")
        }.values()
    )
    checked = [f.checked_at for f in files if f.checked_at]
    for ef in files:
        problem = check_file(ef) if rehash else file_problem(ef, rehash=False)
        if problem is not None:
            summary = _("证据文件 %(name)s：%(reason)s") % {
                "name": ef.storage_name,
                "reason": problem.label,
            }
            return RecordStatus(
                False, summary, broken_file=problem, entries=entries, files=len(files)
            )
    return RecordStatus(
        True,
        _("记录完整"),
        entries=entries,
        files=len(files),
        files_checked_at=min(checked) if checked and len(checked) == len(files) else None,
    )
