"""Helpers shared by the services: time and text checks, roles on a case, numbers, deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from zhifa.cases import selectors as cases
from zhifa.cases.models import Case
from zhifa.cases.numbering import agency_prefix, next_number
from zhifa.core.calendar import Due
from zhifa.core.errors import NotFound
from zhifa.deadlines import services as deadlines
from zhifa.deadlines.selectors import open_deadline_of
from zhifa.officers.models import Officer
from zhifa.records import journal
from zhifa.workcalendar.selectors import national_calendar

from .. import rules
from ..errors import BadInput, LegalRefusal, NotAllowed

MAX_TEXT = 4000
CLOCK_SKEW = timedelta(minutes=5)  # a device clock a little ahead is not "the future"

OFFICER = "officer"
AGENCY_HEAD = "agency_head"
UNIT_HEAD = "unit_head"

# Series words of the numbers this app issues (one series per kind, per agency and year).
SERIES = {
    "property": "财",
    "preservation_list": "登存",  # 证据登记保存清单 (form 6)
    "preservation_release": "解存",  # 解除证据登记保存决定书 (form 7)
    "measure_decision": "强措",  # 行政强制措施决定书 (form 8)
    "measure_extension_notice": "延强",  # 延长行政强制措施期限通知书 (form 9)
    "measure_release": "解强",  # 解除行政强制措施决定书 (form 10)
}


# --- time and text -------------------------------------------------------------------------------


def now() -> datetime:
    return timezone.now()


def moment(value, what: str) -> datetime:
    """A tz-aware instant, not in the future (a job passes its own `now`)."""
    if value is None:
        return now()
    if not isinstance(value, datetime):
        raise BadInput(f"{what}格式有误，应为日期和时间。", code="invalid_datetime")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now() + CLOCK_SKEW:
        raise BadInput(f"{what}晚于当前时间，不能预先登记。", code="date_in_future")
    return value


def day(value, what: str) -> date:
    if value is None:
        return timezone.localdate()
    if isinstance(value, datetime) or not isinstance(value, date):
        raise BadInput(f"{what}格式有误，应为日期。", code="invalid_date")
    if value > timezone.localdate():
        raise BadInput(f"{what}晚于今天，不能预先登记。", code="date_in_future")
    return value


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def text(value, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is not None and not isinstance(value, str):
        raise BadInput(f"{what}应为文字。", details={"field": what})
    result = (value or "").strip()
    if required and not result:
        raise BadInput(f"请填写{what}。", code="field_required", details={"field": what})
    if len(result) > limit:
        raise BadInput(f"{what}过长（最多{limit}字）。", details={"field": what})
    return result


def refuse_if(refusals) -> None:
    if refusals:
        raise LegalRefusal.of(refusals)


# --- the case and who may act on it ----------------------------------------------------------------


def lock_case(case: Case) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "party")
        .filter(pk=case.pk)
    )
    locked = locked.first()
    if locked is None:
        raise NotFound("案件不存在或无权查看。", code="case_not_found")
    return locked


def roles(actor, case: Case, on: date) -> frozenset[str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return frozenset()
    return cases.roles_for(actor, case, on)


def in_scope(actor, case: Case) -> None:
    """Out of the actor's scope looks exactly like missing (style.md item 10)."""
    agency = getattr(actor, "agency", None) if actor is not None else None
    if (
        agency is None
        or not getattr(actor, "is_authenticated", False)
        or not case.agency.path.startswith(agency.path)
    ):
        raise NotFound("案件不存在或无权查看。", code="case_not_found")


def require_officer(actor, case: Case, on: date, what: str) -> None:
    """An officer assigned to this case who may act on `on` (APL Art. 42; TEPP Art. 54)."""
    in_scope(actor, case)
    if OFFICER not in roles(actor, case, on):
        raise NotAllowed(
            f"{what}须由本案承办且可以执法的执法人员办理。",
            code="officer_on_case_required",
            details={"allowed_roles": [OFFICER]},
        )


def require_head(actor, case: Case, on: date, what: str, *, role: str = AGENCY_HEAD) -> None:
    """The head of the case's agency (执法部门负责人) approves (ACL Art. 18(1); TEPP Arts. 43, 55)."""
    in_scope(actor, case)
    if role not in roles(actor, case, on):
        raise NotAllowed(
            f"{what}须由本案办案机构的执法部门负责人批准。",
            code="agency_head_required",
            details={"allowed_roles": [role]},
        )


def acting_officers(case: Case, officer_ids, on: date) -> list[Officer]:
    """The officers who take part in an act on the spot: assigned to the case, not recused,
    certified and not suspended on `on`, at least two (APL Art. 42; ACL Art. 18(2))."""
    facts = {fact.officer_id: fact for fact in cases.officer_facts(case)}
    if officer_ids is None:
        chosen = list(
            Officer.objects.filter(case_assignments__case=case).select_related("user").distinct()
        )
        chosen = [
            o for o in chosen if facts.get(str(o.user_id)) and facts[str(o.user_id)].may_act(on)
        ]
    else:
        ids = {_officer_id(v) for v in officer_ids}
        chosen = list(
            Officer.objects.filter(pk__in=ids, case_assignments__case=case)
            .select_related("user")
            .distinct()
        )
        if len(chosen) != len(ids):
            raise BadInput("所选执法人员不是本案承办人员。", code="officer_not_on_case")
        barred = [o for o in chosen if not facts[str(o.user_id)].may_act(on)]
        if barred:
            names = "、".join(facts[str(o.user_id)].shown for o in barred)
            raise LegalRefusal.of(
                [
                    rules.Refusal(
                        "officer_may_not_act",
                        f"{names}当日不能执法（已回避、证件无效或暂停执法）。",
                        "APL Art. 42; ACL Art. 17 para 3",
                    )
                ]
            )
    if len(chosen) < rules.MIN_OFFICERS:
        raise LegalRefusal.of(
            [
                rules.Refusal(
                    "officers_required",
                    "须由两名以上可以执法的本案执法人员实施。",
                    "APL Art. 42; ACL Art. 18(2); TEPP Art. 54",
                )
            ]
        )
    return chosen


def _officer_id(value) -> int:
    if isinstance(value, Officer):
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BadInput("执法人员标识有误。", code="officer_not_on_case") from exc


# --- numbers ---------------------------------------------------------------------------------------


def number(agency, year: int, kind: str) -> tuple[str, int]:
    """(formatted number, sequence) of the next number of `kind` for `agency` in `year`."""
    word = SERIES[kind]
    seq = next_number(agency, year, f"measures:{kind}")
    return f"{agency_prefix(agency)}{word}〔{year}〕{seq:06d}号", seq


# --- deadlines -------------------------------------------------------------------------------------


def calendar():
    return national_calendar()


def open_deadline(subject, agency, code: str, start, *, actor, due: Due | None = None, people=()):
    return deadlines.open_deadline(
        subject=subject,
        agency=agency,
        code=code,
        start=start,
        actor=actor,
        due=due,
        responsible=tuple(people),
    )


def close_deadline(subject, code: str, *, actor, reason: str):
    return deadlines.close_deadline(subject=subject, code=code, actor=actor, reason=reason)


def replace_deadline(
    subject, agency, *, old_code: str, new_code: str, start, due: Due, actor, people=()
):
    """A period recomputed (an extension, an excluded appraisal, an exception): the open row
    ends as superseded and a new one opens with the new due date (rows are never edited)."""
    close_deadline(subject, old_code, actor=actor, reason="superseded")
    return open_deadline(subject, agency, new_code, start, actor=actor, due=due, people=people)


def open_code(subject, *codes: str) -> str | None:
    for code in codes:
        if open_deadline_of(subject, code) is not None:
            return code
    return None


def append(event: str, *, actor, subject, agency, payload: dict):
    return journal.append(event, actor=actor, subject=subject, agency=agency, payload=payload)


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
