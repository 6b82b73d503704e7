"""Facts recorded beside the transitions (waivers, court and police receipts, the crime report):
who may record each, and when. Pure, no Django.

The cases app's fact services (`zhifa/cases/services/facts.py`) check exactly these conditions;
pages ask `fact_options` which of them to offer, so a page never offers what a service refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import CaseFacts, Refusal, Role, State

OFFICER = frozenset({Role.OFFICER.value})
OFFICER_OR_HEAD = frozenset({Role.OFFICER.value, Role.AGENCY_HEAD.value})


@dataclass(frozen=True)
class RecordedFact:
    code: str
    label: str
    states: frozenset[State]
    roles: frozenset[str]
    article: str


FACT_TABLE: dict[str, RecordedFact] = {
    f.code: f
    for f in (
        # APL Art. 62: the party may expressly waive the statement and defence.
        RecordedFact(
            "waive_statement", "当事人明确放弃陈述申辩", frozenset({State.NOTIFIED}), OFFICER,
            "《行政处罚法》第六十二条",
        ),
        # APL Art. 64: the party may waive the hearing it was offered.
        RecordedFact(
            "waive_hearing", "当事人放弃听证", frozenset({State.NOTIFIED}), OFFICER,
            "《行政处罚法》第六十四条",
        ),
        # 《行政执法机关移送涉嫌犯罪案件的规定》第五条: two officers report to the principal head.
        RecordedFact(
            "submit_crime_report", "提交涉嫌犯罪案件移送报告",
            frozenset({State.INVESTIGATION, State.REPORT_APPROVED, State.DELIBERATION_RESOLVED}),
            OFFICER, "《行政执法机关移送涉嫌犯罪案件的规定》第五条",
        ),
        # Same, Art. 8: the police acknowledge receipt.
        RecordedFact(
            "record_crime_handover", "公安机关已接收移送案件",
            frozenset({State.TRANSFERRED_TO_JUDICIARY}), OFFICER_OR_HEAD,
            "《行政执法机关移送涉嫌犯罪案件的规定》第八条",
        ),
        # TEPP Art. 122: the court's acceptance and the end of enforcement are closing grounds.
        RecordedFact(
            "record_court_acceptance", "人民法院已受理强制执行申请",
            frozenset({State.COURT_ENFORCEMENT}), OFFICER_OR_HEAD,
            "《交通运输行政执法程序规定》第一百二十二条",
        ),
        RecordedFact(
            "record_court_enforcement_finished", "人民法院强制执行完毕",
            frozenset({State.COURT_ENFORCEMENT, State.CLOSED}), OFFICER_OR_HEAD,
            "《交通运输行政执法程序规定》第一百二十二条",
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class FactOption:
    code: str
    label: str
    allowed: bool
    refusals: tuple[Refusal, ...] = ()


def fact_refusals(code: str, facts: CaseFacts, as_of: date) -> tuple[Refusal, ...]:
    """Why fact `code` cannot be recorded on this case now (empty: it can)."""
    f = FACT_TABLE[code]
    out: list[Refusal] = []
    if facts.state not in f.states:
        out.append(Refusal("procedure_illegal_transition", f"案件当前状态不能{f.label}", ""))
    if facts.last_step_on is not None and as_of < facts.last_step_on:
        out.append(Refusal("date_before_previous_step", "日期早于上一办案步骤日期", ""))
    notice, perf = facts.notice, facts.performance
    if code == "waive_statement" and notice.served_on is None:
        out.append(Refusal("notice_not_served", "尚未送达违法行为通知书", f.article))
    if code == "waive_statement" and notice.statement_waived:
        out.append(Refusal("fact_already_recorded", "已登记当事人放弃陈述申辩", f.article))
    if code == "waive_hearing":
        if notice.served_on is None or not notice.hearing_offered:
            out.append(Refusal("hearing_not_available", "本案未告知听证权利", f.article))
        elif facts.hearing.waived or facts.hearing.requested_on is not None:
            out.append(Refusal("fact_already_recorded", "当事人已要求或已放弃听证", f.article))
    already = {
        "submit_crime_report": facts.crime_report_on,
        "record_crime_handover": perf.crime_handed_over_on,
        "record_court_acceptance": perf.court_accepted_on,
        "record_court_enforcement_finished": True if perf.court_enforcement_finished else None,
    }
    if already.get(code) is not None:
        out.append(Refusal("fact_already_recorded", f"已经{f.label}", f.article))
    return tuple(out)


def fact_options(
    facts: CaseFacts, actor_roles: Iterable[str], as_of: date
) -> tuple[FactOption, ...]:
    """The facts this actor's roles may record on the case, each with why it cannot be now."""
    roles = frozenset(str(r) for r in actor_roles)
    out = []
    for f in FACT_TABLE.values():
        if not roles & f.roles or facts.state not in f.states:
            continue
        refused = fact_refusals(f.code, facts, as_of)
        out.append(FactOption(f.code, f.label, not refused, refused))
    return tuple(out)
