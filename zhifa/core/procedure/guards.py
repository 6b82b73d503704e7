"""Guards: pure predicates over a `CaseFacts` snapshot and an `as_of` date.

A guard returns the list of refusals (empty: passes); each refusal has a stable code, a Chinese
message and the article. Advisories have the same shape but never block: `fire` returns them as
warnings (e.g. a decision after the 90-day period is late, yet must still be made).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from zhifa.core.payment import plain_months, surcharge_days

from . import rules
from .model import (
    CaseFacts,
    DeliberationStatus,
    Penalty,
    Procedure,
    Refusal,
    Resolution,
    ReviewStatus,
    State,
)

Check = Callable[[CaseFacts, date], list[Refusal]]


@dataclass(frozen=True)
class Guard:
    code: str
    label: str
    article: str
    check: Check

    def __call__(self, facts: CaseFacts, as_of: date) -> list[Refusal]:
        return self.check(facts, as_of)


REGISTRY: dict[str, Guard] = {}


def guard(code: str, label: str, article: str) -> Callable[[Check], Guard]:
    def register(fn: Check) -> Guard:
        if code in REGISTRY:
            raise ValueError(f"guard {code} declared twice")
        REGISTRY[code] = g = Guard(code, label, article, fn)
        return g

    return register


def _r(code: str, message: str, article: str) -> list[Refusal]:
    return [Refusal(code, message, article)]


# --- everyone ---------------------------------------------------------------------------------


@guard("not_backdated", "日期不早于案件的上一步骤", "APL Art. 47")
def not_backdated(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 47 (whole-process record): steps are recorded in the order they happened.
    for earlier, what in (
        (f.last_step_on, "上一办案步骤"),
        (f.filed_on, "立案"),
        (f.lead_received_on, "受理线索"),
    ):
        if earlier is not None and as_of < earlier:
            return _r(
                "date_before_previous_step",
                f"办理日期{as_of.isoformat()}早于{what}日期{earlier.isoformat()}",
                "APL Art. 47",
            )
    return []


@guard("two_officers", "至少两名可以执法的执法人员", "APL Art. 42; TEPP Art. 23; ACL Art. 18")
def two_officers(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 42: at least two officers with enforcement certificates; T2 Arts. 30–32: not
    # suspended, certificate valid; APL Art. 43: a recused officer takes no further part.
    acting = f.acting_officers(as_of)
    if len(acting) >= 2:
        return []
    blocked = [o.shown for o in f.officers if not o.may_act(as_of)]
    extra = f"（不能执法：{'、'.join(blocked)}）" if blocked else ""
    return _r(
        "two_officers_required",
        f"本案可以执法的执法人员只有{len(acting)}名，至少需要两名{extra}",
        "APL Art. 42; TEPP Art. 23",
    )


# --- filing and the summary procedure ------------------------------------------------------------


@guard("within_limitation", "未超过追责时效", "APL Art. 36")
def within_limitation(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 36: not discovered within 2 (5) years → no penalty.
    if f.violation_ended_on is None:
        return _r("violation_date_missing", "未填写违法行为发生（或终了）日期", "APL Art. 36")
    discovered = f.lead_received_on or as_of
    ends = rules.limitation_ends(f.violation_ended_on, f.limitation_years)
    if discovered > ends:
        return _r(
            "limitation_expired",
            f"违法行为于{f.violation_ended_on.isoformat()}发生（终了），"
            f"{f.limitation_years}年内未被发现，不再给予行政处罚",
            "APL Art. 36",
        )
    return []


@guard("summary_eligible", "符合简易程序条件", "APL Art. 51; TEPP Arts. 60, 130")
def summary_eligible(f: CaseFacts, as_of: date) -> list[Refusal]:
    return list(rules.summary_eligibility(f.proposal.penalty, f.party_kind, f.triggers))


@guard("onspot_steps_done", "当场处罚的法定步骤已完成", "APL Art. 52; TEPP Art. 61")
def onspot_steps_done(f: CaseFacts, as_of: date) -> list[Refusal]:
    left = rules.missing(rules.ONSPOT_STEPS, f.proposal.onspot_steps)
    if not left:
        return []
    return _r(
        "onspot_steps_missing",
        "当场处罚前尚未完成：" + "、".join(rules.ONSPOT_STEPS[s] for s in left),
        "APL Art. 52; TEPP Art. 61",
    )


@guard("onspot_collection_allowed", "符合当场收缴罚款的条件", "APL Arts. 68–70")
def onspot_collection_allowed(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.proposal
    return list(
        rules.onspot_collection_refusals(f.decision.penalty, p.collection_ground, p.receipt_issued)
    )


@guard("onspot_not_yet_filed", "当场处罚决定尚未备案", "TEPP Art. 61(8)")
def onspot_not_yet_filed(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.performance.onspot_filed:
        return _r("onspot_already_filed", "该当场处罚决定已经备案", "TEPP Art. 61(8)")
    return []


# --- penalties --------------------------------------------------------------------------------


def _proposed(f: CaseFacts) -> Penalty | None:
    return f.proposal.penalty


@guard("penalty_proposed", "已填写拟处罚内容", "APL Arts. 44, 59")
def penalty_proposed(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.proposal.penalty is None:
        return _r("penalty_missing", "未填写处罚种类和数额", "APL Arts. 44, 59")
    return []


@guard("penalty_within_statute", "罚款在法定幅度内", "APL Arts. 4, 32, 38")
def penalty_within_statute(f: CaseFacts, as_of: date) -> list[Refusal]:
    penalty = _proposed(f)
    return list(rules.statute_refusals(penalty)) if penalty else []


@guard("large_amounts_configured", "已配置本省较大数额标准", "TEPP Art. 80 para 2")
def large_amounts_configured(f: CaseFacts, as_of: date) -> list[Refusal]:
    # Whether a hearing right or collective discussion applies cannot be decided without it.
    penalty = _proposed(f)
    if penalty is not None and penalty.fine > 0 and f.large_amounts is None:
        return _r(
            "large_amounts_missing",
            "未配置本省“较大数额罚款”标准，无法判断是否应当告知听证权利",
            "APL Art. 63(3); TEPP Art. 80 para 2",
        )
    return []


@guard("renotice_not_heavier_after_defence", "不因陈述申辩而加重", "APL Art. 45 para 2")
def renotice_not_heavier_after_defence(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 45 para 2; TEPP Arts. 70, 81: a heavier proposal after the party defended needs
    # new facts, never the defence itself.
    old, new = f.notice.penalty, _proposed(f)
    defended = f.notice.statement_recorded or f.hearing.requested_on is not None
    if old is None or new is None or not defended or f.notice.new_facts_since_notice:
        return []
    heavier = rules.heavier_than(new, old)
    if heavier:
        return _r(
            "heavier_after_defence",
            "当事人已陈述申辩或要求听证，没有新的事实不得加重处罚：" + "；".join(heavier),
            "APL Art. 45 para 2; TEPP Arts. 70, 81",
        )
    return []


@guard("not_heavier_than_notified", "决定不重于告知的处罚", "APL Arts. 44, 45 para 2")
def not_heavier_than_notified(f: CaseFacts, as_of: date) -> list[Refusal]:
    old, new = f.notice.penalty, _proposed(f)
    if new is None:
        return []
    if old is None:
        return _r(
            "notice_not_served", "尚未送达违法行为通知书，不得作出处罚决定", "APL Arts. 44, 62"
        )
    heavier = rules.heavier_than(new, old)
    if not heavier:
        return []
    if f.notice.statement_recorded or f.hearing.requested_on is not None:
        return _r(
            "heavier_after_defence",
            "不得因当事人陈述申辩或要求听证而加重处罚：" + "；".join(heavier),
            "APL Art. 45 para 2; TEPP Arts. 70, 81",
        )
    return _r(
        "heavier_than_notified",
        "决定的处罚重于违法行为通知书告知的处罚，须重新告知：" + "；".join(heavier),
        "APL Art. 44",
    )


@guard(
    "discretion_outcome_respected", "尊重不予处罚的裁量结论", "APL Art. 33 para 1; TEPP Art. 74(1)"
)
def discretion_outcome_respected(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 33 para 1; TEPP Art. 74(1): where the law says "shall not penalise", no penalty
    # decision; the conclusion changes only when the recommendation is recomputed on changed facts.
    # Where it says "may not penalise", the decider sees it and records why a penalty is chosen.
    if _proposed(f) is None:
        return []
    if f.recommended_outcome == "must_not_penalise":
        return _r(
            "discretion_must_not_penalise",
            "裁量建议的结论为不予行政处罚，不得作出处罚决定；案件事实发生变化的，"
            "须依变化后的事实重新生成裁量建议",
            "APL Art. 33 para 1; TEPP Art. 74(1)",
        )
    if f.recommended_outcome == "may_exempt" and not (f.proposal.exemption_reason or "").strip():
        return _r(
            "may_exempt_reason_missing",
            "裁量建议的结论为可以不予行政处罚：决定给予处罚的，须写明不予免罚的理由",
            "APL Art. 33 para 1; TEPP Art. 74(1)",
        )
    return []


@guard("deviation_approved", "偏离裁量建议已经批准", "T6 §(十二); APL Art. 34")
def deviation_approved(f: CaseFacts, as_of: date) -> list[Refusal]:
    # T6 §(十二): departing from the benchmark needs the principal head's approval or collective
    # discussion, kept in the file.
    penalty, rec = _proposed(f), f.recommendation
    if penalty is None or rec is None or penalty.fine <= 0:
        return []
    if rec.fine_min <= penalty.fine <= rec.fine_max or f.decision.deviation_approved:
        return []
    if f.deliberation.status == DeliberationStatus.RESOLVED:
        return []  # collective discussion may decide the departure (T6 §(十二))
    return _r(
        "deviation_not_approved",
        f"罚款{penalty.fine}元超出裁量建议{rec.fine_min}–{rec.fine_max}元，"
        "须经主要负责人批准或集体讨论决定",
        "T6 §(十二); APL Art. 34",
    )


# --- investigation report and deliberation outcome -------------------------------------------


@guard("evidence_recorded", "已收集证据", "TEPP Art. 67")
def evidence_recorded(f: CaseFacts, as_of: date) -> list[Refusal]:
    # TEPP Art. 67: the report follows clear facts and complete main evidence.
    if f.evidence_count > 0:
        return []
    return _r("no_evidence", "尚未收集证据，不能提交调查报告", "TEPP Art. 67")


@guard("report_not_yet_reviewed", "调查报告尚未审核", "TEPP Art. 68")
def report_not_yet_reviewed(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.report_unit_reviewed:
        return _r("report_already_reviewed", "调查报告已经审核", "TEPP Art. 68")
    return []


@guard("report_unit_reviewed", "办案机构负责人已审核", "TEPP Art. 68")
def report_unit_reviewed(f: CaseFacts, as_of: date) -> list[Refusal]:
    # TEPP Art. 68: the unit head reviews, then the department head approves.
    if not f.report_unit_reviewed:
        return _r("report_not_reviewed", "调查报告须先经办案机构负责人审核", "TEPP Art. 68")
    return []


@guard("resolved_further_investigation", "集体讨论决定补充调查", "TEPP Art. 76")
def resolved_further_investigation(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.deliberation.resolution == Resolution.FURTHER_INVESTIGATION:
        return []
    return _r("contrary_to_resolution", "集体讨论未决定补充调查", "TEPP Art. 76")


# --- notice, statement and hearing ------------------------------------------------------------


@guard("notice_served", "已送达违法行为通知书", "APL Arts. 44, 62")
def notice_served(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.notice.served_on is None:
        return _r(
            "notice_not_served", "尚未送达违法行为通知书，不得作出处罚决定", "APL Arts. 44, 62"
        )
    return []


@guard("statement_window_closed", "陈述申辩期已届满或当事人放弃", "APL Arts. 44–45, 62")
def statement_window_closed(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 62: no decision before the party was heard, unless expressly waived; the window
    # itself is a province parameter (legal.md §A12, §I 2).
    n = f.notice
    if n.served_on is None or n.statement_waived:
        return []
    if n.statement_due is not None:
        if as_of <= n.statement_due:
            return _r(
                "statement_window_open",
                f"陈述申辩期至{n.statement_due.isoformat()}届满，期间不得作出决定",
                "APL Arts. 44–45, 62",
            )
        return []
    if not n.statement_recorded:
        return _r(
            "statement_not_heard",
            "本省未设陈述申辩期限，且当事人尚未陈述申辩或明确放弃",
            "APL Art. 62",
        )
    return []


@guard("hearing_handled", "听证申请期已过或听证已结束", "APL Arts. 63–65")
def hearing_handled(f: CaseFacts, as_of: date) -> list[Refusal]:
    n, h = f.notice, f.hearing
    if n.served_on is None or not n.hearing_offered:
        return []
    if h.requested_on is not None:
        if h.held_on is None and h.terminated_on is None:
            return _r("hearing_pending", "当事人已要求听证，听证尚未举行或终止", "APL Arts. 64–65")
        return []
    if h.waived:
        return []
    if n.hearing_request_due is None:
        return _r("hearing_request_due_missing", "未计算听证申请期限", "APL Art. 64(1)")
    if as_of <= n.hearing_request_due:
        return _r(
            "hearing_window_open",
            f"当事人可在{n.hearing_request_due.isoformat()}前要求听证，期间不得作出决定",
            "APL Art. 64(1); TEPP Art. 82",
        )
    return []


@guard("hearing_right_stated", "应当听证的已告知听证权利", "APL Arts. 63–64")
def hearing_right_stated(f: CaseFacts, as_of: date) -> list[Refusal]:
    penalty = _proposed(f)
    if penalty is None or f.notice.hearing_offered:
        return []
    try:
        found = rules.hearing_triggers(penalty, f.party_kind, f.large_amounts, f.triggers)
    except rules.MissingParameter:
        return []  # large_amounts_configured reports it
    if found:
        return _r(
            "hearing_right_not_stated",
            "拟作出的处罚属于应当告知听证权利的情形（"
            + "、".join(t.label for t in found)
            + "），违法行为通知书未告知，须重新告知",
            "; ".join(sorted({t.article for t in found})),
        )
    return []


@guard("hearing_right_offered", "违法行为通知书告知了听证权利", "APL Art. 63")
def hearing_right_offered(f: CaseFacts, as_of: date) -> list[Refusal]:
    if not f.notice.hearing_offered:
        return _r("hearing_not_available", "本案拟作出的处罚不属于听证范围", "APL Art. 63")
    return []


@guard("hearing_request_in_time", "在期限内要求听证", "APL Art. 64(1); TEPP Art. 82")
def hearing_request_in_time(f: CaseFacts, as_of: date) -> list[Refusal]:
    due = f.notice.hearing_request_due
    if due is None:
        return _r("hearing_request_due_missing", "未计算听证申请期限", "APL Art. 64(1)")
    if as_of > due:
        return _r(
            "hearing_request_late",
            f"听证申请期已于{due.isoformat()}届满（告知后五个工作日内）",
            "APL Art. 64(1), Art. 85; TEPP Art. 82",
        )
    return []


@guard("hearing_chair_not_investigator", "听证主持人不是本案调查人员", "APL Art. 64(4)")
def hearing_chair_not_investigator(f: CaseFacts, as_of: date) -> list[Refusal]:
    chair = f.proposal.hearing_chair_id or f.hearing.chair_id
    if not chair:
        return _r("hearing_chair_missing", "未指定听证主持人", "APL Art. 64(4); TEPP Art. 84")
    if any(o.officer_id == chair and o.investigator for o in f.officers):
        return _r(
            "hearing_chair_is_investigator", "听证主持人不得由本案调查人员担任", "APL Art. 64(4)"
        )
    return []


@guard("hearing_notice_timely", "听证通知书在听证七个工作日前送达", "APL Art. 64(2); TEPP Art. 83")
def hearing_notice_timely(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.proposal
    if p.hearing_date is None:
        return _r("hearing_date_missing", "未确定听证日期", "APL Art. 64(2)")
    if p.hearing_earliest_date is None:
        return _r("hearing_earliest_missing", "未计算最早可举行听证的日期", "APL Art. 64(2)")
    if p.hearing_date < p.hearing_earliest_date:
        return _r(
            "hearing_notice_too_late",
            f"听证日期{p.hearing_date.isoformat()}距通知送达不足七个工作日，"
            f"最早为{p.hearing_earliest_date.isoformat()}",
            "APL Art. 64(2), Art. 85; TEPP Art. 83",
        )
    return []


@guard("hearing_day_reached", "已到听证日期", "APL Art. 64")
def hearing_day_reached(f: CaseFacts, as_of: date) -> list[Refusal]:
    day = f.hearing.scheduled_on
    if day is None or as_of < day:
        return _r("hearing_not_yet", "尚未到通知的听证日期", "APL Art. 64(2)")
    return []


# --- legal review and deliberation ---------------------------------------------------------------


@guard("review_checklist_complete", "法制审核意见覆盖全部审核事项", "TEPP Art. 72; T4 §四(十三)")
def review_checklist_complete(f: CaseFacts, as_of: date) -> list[Refusal]:
    left = rules.missing(rules.REVIEW_CHECKLIST, f.proposal.checklist)
    if left:
        return _r(
            "review_checklist_incomplete",
            "法制审核意见未涵盖：" + "；".join(rules.REVIEW_CHECKLIST[i] for i in left),
            "TEPP Art. 72; T4 §四(十三)",
        )
    return []


@guard("reviewer_qualified", "审核人员具备法律职业资格", "APL Art. 58 para 2")
def reviewer_qualified(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 58 para 2; TEPP Art. 71 para 2: first-time reviewers hold the national legal
    # professional qualification; the app sets reviewer_qualified for experienced reviewers too.
    if not f.proposal.reviewer_qualified:
        return _r(
            "reviewer_not_qualified",
            "初次从事法制审核的人员应当取得国家统一法律职业资格",
            "APL Art. 58 para 2",
        )
    return []


@guard("legal_review_passed_if_required", "需要法制审核的已审核通过", "APL Art. 58; TEPP Art. 71")
def legal_review_passed_if_required(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.review.status == ReviewStatus.FAILED:
        return _r(
            "legal_review_failed",
            "法制审核未通过，须整改后重新提交审核",
            "APL Art. 58; T4 §四(十三)",
        )
    needed = rules.legal_review_triggers(f)
    if needed and f.review.status != ReviewStatus.PASSED:
        return _r(
            "legal_review_required",
            "本案应当进行法制审核（"
            + "、".join(t.label for t in needed)
            + "），未经审核或审核未通过不得作出决定",
            "; ".join(sorted({t.article for t in needed})),
        )
    return []


@guard("deliberation_record_complete", "集体讨论记录完整", "TEPP Art. 76")
def deliberation_record_complete(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.proposal
    out: list[Refusal] = []
    if p.deliberation_attendees < 2:
        out += _r(
            "deliberation_attendees",
            "集体讨论须有两名以上负责人参加并记录其意见",
            "APL Art. 57 para 2; TEPP Art. 76",
        )
    if p.resolution is None:
        out += _r("deliberation_no_resolution", "集体讨论未形成决定", "TEPP Art. 76")
    return out


@guard("deliberation_resolved_if_required", "需要集体讨论的已作出决定", "APL Art. 57; TEPP Art. 76")
def deliberation_resolved_if_required(f: CaseFacts, as_of: date) -> list[Refusal]:
    try:
        needed = rules.deliberation_triggers(
            _proposed(f), f.party_kind, f.large_amounts, f.triggers
        )
    except rules.MissingParameter:
        return []  # large_amounts_configured reports it
    if needed and f.deliberation.status != DeliberationStatus.RESOLVED:
        return _r(
            "deliberation_required",
            "本案应当经集体讨论决定（" + "、".join(t.label for t in needed) + "）",
            "; ".join(sorted({t.article for t in needed})),
        )
    return []


def resolution_allows(*allowed: Resolution) -> Guard:
    """A resolved collective discussion binds the next step (TEPP Art. 76)."""
    code = "resolution_" + "_or_".join(a.value for a in allowed)
    if code in REGISTRY:
        return REGISTRY[code]

    def check(f: CaseFacts, as_of: date) -> list[Refusal]:
        d = f.deliberation
        if d.status != DeliberationStatus.RESOLVED or d.resolution in allowed:
            return []
        return _r("contrary_to_resolution", "与集体讨论的决定不一致", "TEPP Art. 76")

    return guard(code, "与集体讨论决定一致", "TEPP Art. 76")(check)


# --- decision and service ---------------------------------------------------------------------


@guard("decision_period_open", "可以延长办案期限", "TEPP Art. 78")
def decision_period_open(f: CaseFacts, as_of: date) -> list[Refusal]:
    # TEPP Art. 78: one extension of at most 30 days, approved before the period runs out.
    if f.decision_period_extended:
        return _r("decision_period_already_extended", "办案期限只能延长一次", "TEPP Art. 78")
    if f.decision_due is None:
        return _r("decision_due_missing", "未计算办案期限", "APL Art. 60")
    if as_of > f.decision_due:
        return _r(
            "decision_period_expired",
            f"办案期限已于{f.decision_due.isoformat()}届满，不能再延长",
            "TEPP Art. 78",
        )
    return []


@guard("crime_report_submitted", "已提交涉嫌犯罪案件移送报告", "S6 Art. 5")
def crime_report_submitted(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.crime_report_on is None:
        return _r(
            "crime_report_missing",
            "须由两名以上执法人员组成专案组，提出移送涉嫌犯罪案件的书面报告",
            "S6 Art. 5",
        )
    return []


@guard("service_method_lawful", "送达方式合法", "TEPP Art. 18")
def service_method_lawful(f: CaseFacts, as_of: date) -> list[Refusal]:
    method = f.proposal.service_method
    if method not in rules.SERVICE_METHODS:
        return _r("service_method_unknown", "请选择送达方式", "TEPP Art. 18")
    if method == "electronic" and not f.decision.party_address_confirmed:
        return _r(
            "electronic_service_unconfirmed",
            "当事人未签署送达地址确认书同意电子送达，不得电子送达",
            "TEPP Art. 18(3)",
        )
    if method == "public_notice" and not f.proposal.posting_recorded:
        # TEPP Art. 18(5): the posting at the residence is photographed or filmed (mandatory).
        return _r(
            "public_notice_not_filmed",
            "公告送达须在受送达人住所张贴公告并拍照或录像，尚未上传张贴公告的照片或录像",
            "TEPP Art. 18(5)",
        )
    return []


# --- payment and execution --------------------------------------------------------------------


@guard("money_obligation", "有待缴纳的罚款或没收金额", "APL Art. 67")
def money_obligation(f: CaseFacts, as_of: date) -> list[Refusal]:
    penalty = f.decision.penalty
    if penalty is None or not penalty.has_money:
        return _r("nothing_to_pay", "处罚决定没有需要缴纳的金钱", "APL Art. 67")
    return []


@guard("payment_overdue", "已过缴纳期限仍未缴清", "APL Art. 72(1)")
def payment_overdue(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.performance
    due = p.plan_end if f.state == State.DEFERRAL_OR_INSTALMENTS else p.payment_due
    if due is None:
        return _r("payment_due_missing", "未计算缴纳期限", "APL Art. 67")
    # APL Art. 66 para 2; TEPP Art. 101: each instalment has its own due date; one missed is overdue
    missed = p.missed_instalment_due if f.state == State.DEFERRAL_OR_INSTALMENTS else None
    if as_of <= due and (missed is None or as_of <= missed):
        return _r("payment_not_yet_due", f"缴纳期限至{due.isoformat()}，尚未逾期", "APL Art. 72(1)")
    if p.outstanding <= 0:
        return _r("already_paid", "罚款已缴清", "APL Art. 72(1)")
    return []


@guard("deferral_applied", "当事人已申请暂缓或分期并有有效计划", "APL Art. 66 para 2")
def deferral_applied(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.performance
    if p.deferral_applied_on is None:
        return _r("deferral_not_applied", "暂缓或分期缴纳须由当事人申请", "APL Art. 66 para 2")
    if p.plan_end is None or p.plan_end <= as_of:
        return _r("deferral_plan_invalid", "暂缓或分期缴纳的期限应晚于批准日", "APL Art. 66 para 2")
    return []


@guard("paid_in_full", "已全部缴清", "APL Art. 67")
def paid_in_full(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.performance.outstanding > 0:
        return _r("not_paid_in_full", f"尚欠{f.performance.outstanding}元未缴", "APL Art. 67")
    return []


@guard("surcharge_over_30_days", "加处罚款已超过三十日", "ACL Art. 46; TEPP Art. 104")
def surcharge_over_30_days(f: CaseFacts, as_of: date) -> list[Refusal]:
    # ACL Art. 46; TEPP Art. 104: the 30 days count from the day the surcharge runs from, which
    # after an approved deferral or instalment plan is the plan's end, not the original due date.
    p = f.performance
    start = p.surcharge_from or p.payment_due
    if start is None:
        return _r("payment_due_missing", "未计算缴纳期限", "APL Art. 67")
    days, _ = surcharge_days(start, as_of, p.remedy_pauses)
    if days <= 30:
        return _r(
            "surcharge_under_30_days",
            f"加处罚款仅计{days}日，须超过三十日方可催告后强制执行或申请法院强制执行",
            "ACL Art. 46; TEPP Art. 104",
        )
    return []


@guard("no_execution_power", "本机关没有行政强制执行权", "ACL Art. 53")
def no_execution_power(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.performance.has_execution_power:
        return _r(
            "has_execution_power", "本机关有行政强制执行权，应依法自行强制执行", "ACL Arts. 13, 53"
        )
    return []


@guard("execution_power", "法律授予本机关行政强制执行权", "ACL Art. 13")
def execution_power(f: CaseFacts, as_of: date) -> list[Refusal]:
    if not f.performance.has_execution_power:
        return _r(
            "no_execution_power",
            "法律未授予本机关行政强制执行权，应申请人民法院强制执行",
            "ACL Arts. 13, 53",
        )
    return []


@guard("no_remedy_pending", "当事人未在复议或诉讼中", "ACL Art. 53")
def no_remedy_pending(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.performance.remedy_pending:
        return _r(
            "remedy_pending",
            "当事人已申请行政复议或提起行政诉讼，不得申请法院强制执行",
            "ACL Art. 53",
        )
    return []


@guard("demand_wait_run", "催告书送达满十个工作日", "ACL Art. 54; TEPP Art. 119")
def demand_wait_run(f: CaseFacts, as_of: date) -> list[Refusal]:
    ends = f.performance.demand_wait_ends
    if f.performance.demand_served_on is None or ends is None:
        return _r("demand_not_served", "催告书尚未送达", "ACL Arts. 35, 54")
    if as_of <= ends:
        return _r(
            "demand_wait_running",
            f"催告书送达后十个工作日至{ends.isoformat()}届满",
            "ACL Arts. 54, 69; TEPP Art. 119",
        )
    return []


@guard(
    "within_court_window", "在申请强制执行期限内", "ACL Art. 53; SPC 2018 Interpretation Art. 156"
)
def within_court_window(f: CaseFacts, as_of: date) -> list[Refusal]:
    window = f.performance.court_window
    if window is None:
        return _r("court_window_missing", "未计算申请人民法院强制执行的期限", "ACL Art. 53")
    start, end = window
    if as_of < start:
        return _r(
            "court_window_not_open",
            f"当事人的法定复议、诉讼期限尚未届满，{start.isoformat()}起方可申请",
            "ACL Art. 53",
        )
    if as_of > end:
        return _r(
            "court_window_closed",
            f"申请强制执行的期限已于{end.isoformat()}届满，逾期申请须有正当理由",
            "ACL Art. 53; SPC 2018 Interpretation Art. 156",
        )
    return []


@guard("suspended_three_years_if_claimed", "中止满三年方可以此终结", "ACL Art. 39 para 2")
def suspended_three_years_if_claimed(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.proposal.reason != "suspended_three_years":
        return []
    since = f.performance.execution_suspended_on
    if since is None or as_of < plain_months(since, 36):
        return _r("suspension_under_three_years", "中止执行未满三年", "ACL Art. 39 para 2")
    return []


@guard("cash_handover_open", "当场收缴的罚款尚未交至行政机关", "APL Art. 71; TEPP Art. 100")
def cash_handover_open(f: CaseFacts, as_of: date) -> list[Refusal]:
    if "A17_cash_handover" not in f.open_deadlines:
        return _r(
            "cash_not_collected", "本案没有待交回的当场收缴罚款", "APL Art. 71; TEPP Art. 100"
        )
    return []


@guard("bank_deposit_open", "交回的罚款尚未缴付指定银行", "APL Art. 71; TEPP Art. 100")
def bank_deposit_open(f: CaseFacts, as_of: date) -> list[Refusal]:
    if "A17_bank_deposit" not in f.open_deadlines:
        return _r(
            "cash_not_handed_over",
            "执法人员尚未将当场收缴的罚款交至行政机关，或已缴付银行",
            "APL Art. 71; TEPP Art. 100",
        )
    if not (f.proposal.reference or "").strip():
        return _r("bank_slip_missing", "请填写银行缴款凭证号", "APL Art. 71; TEPP Art. 100")
    return []


@guard("publication_open", "处罚决定尚未公示", "APL Art. 48")
def publication_open(f: CaseFacts, as_of: date) -> list[Refusal]:
    if "A27_publish_penalty" not in f.open_deadlines:
        return _r("publication_not_due", "本案没有待公示的处罚决定", "APL Art. 48")
    return []


@guard("onspot_cash_deposited", "当场收缴的罚款已交回并缴付银行", "APL Art. 71; TEPP Art. 100")
def onspot_cash_deposited(f: CaseFacts, as_of: date) -> list[Refusal]:
    # APL Art. 71; TEPP Art. 100: the cash goes to the department within 2 working days and from
    # there to the designated bank within 2 more; the case is not closed before.
    left = [c for c in ("A17_cash_handover", "A17_bank_deposit") if c in f.open_deadlines]
    if left:
        return _r(
            "onspot_cash_not_deposited",
            "当场收缴的罚款尚未交至行政机关并缴付指定银行，不能结案",
            "APL Art. 71; TEPP Art. 100",
        )
    return []


# --- closing and archiving ------------------------------------------------------------------------


@guard("closing_ground", "具备结案条件", "TEPP Art. 122")
def closing_ground(f: CaseFacts, as_of: date) -> list[Refusal]:
    s, d, p = f.state, f.decision, f.performance
    if s == State.SERVED and d.penalty is not None and d.penalty.has_money:
        return _r("not_yet_performed", "处罚决定尚未履行完毕", "TEPP Art. 122")
    if s == State.ONSPOT_DECIDED and d.penalty is not None and d.penalty.has_money:
        return _r("not_yet_performed", "当场处罚的罚款尚未缴纳", "TEPP Art. 122")
    if s == State.COURT_ENFORCEMENT and p.court_accepted_on is None:
        return _r("court_not_accepted", "人民法院尚未受理强制执行申请", "TEPP Art. 122")
    if s == State.TRANSFERRED_TO_JUDICIARY and p.crime_handed_over_on is None:
        return _r("crime_not_handed_over", "案件尚未移交公安机关", "S6 Art. 8; TEPP Art. 122")
    if f.procedure == Procedure.SUMMARY and not p.onspot_filed:
        return _r("onspot_not_filed", "当场处罚决定尚未报所属执法部门备案", "TEPP Art. 61(8)")
    return []


@guard("no_active_measures", "强制措施和证据保存均已解除", "ACL Art. 28; TEPP Arts. 45, 59")
def no_active_measures(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.active_measures > 0 and f.state != State.TRANSFERRED_TO_JUDICIARY:
        return _r(
            "measures_still_active",
            f"尚有{f.active_measures}项行政强制措施或先行登记保存未解除或未处理",
            "ACL Art. 28; TEPP Arts. 45, 59",
        )
    return []


@guard("court_enforcement_finished_if_applied", "法院强制执行已结束", "TEPP Art. 122 para 2")
def court_enforcement_finished_if_applied(f: CaseFacts, as_of: date) -> list[Refusal]:
    p = f.performance
    if p.court_accepted_on is not None and not p.court_enforcement_finished:
        return _r(
            "court_enforcement_running",
            "人民法院强制执行尚未完毕，完毕后及时归档",
            "TEPP Art. 122 para 2",
        )
    return []


# --- reasons ----------------------------------------------------------------------------------


def reason_in(name: str, reasons: Mapping[str, object] | None, article: str) -> Guard:
    """The proposal names a reason from `reasons` (None: any non-empty reason)."""
    code = f"reason_{name}"
    if code in REGISTRY:
        return REGISTRY[code]

    def check(f: CaseFacts, as_of: date) -> list[Refusal]:
        reason = (f.proposal.reason or "").strip()
        if not reason:
            return _r("reason_missing", "请填写理由", article)
        if reasons is not None and reason not in reasons:
            return _r("reason_not_allowed", f"“{reason}”不是法定理由", article)
        return []

    return guard(code, "理由合法", article)(check)


# --- advisories (never block) ------------------------------------------------------------------


@guard("decision_within_period", "在办案期限内作出决定", "APL Art. 60; TEPP Art. 78")
def decision_within_period(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.decision_due is not None and as_of > f.decision_due:
        return _r(
            "decision_late",
            f"已超过办案期限（{f.decision_due.isoformat()}届满），请说明逾期原因",
            "APL Art. 60; TEPP Art. 78",
        )
    return []


@guard("service_within_period", "在七个工作日内送达", "APL Art. 61")
def service_within_period(f: CaseFacts, as_of: date) -> list[Refusal]:
    due = f.decision.service_due
    if due is not None and as_of > due:
        return _r("service_late", f"处罚决定书应在{due.isoformat()}前送达", "APL Art. 61, Art. 85")
    return []


@guard("crime_decided_within_3_days", "三日内作出移送决定", "S6 Art. 5")
def crime_decided_within_3_days(f: CaseFacts, as_of: date) -> list[Refusal]:
    if f.crime_report_on is not None and (as_of - f.crime_report_on).days > 3:
        return _r(
            "crime_decision_late", "应当自接到移送报告之日起三日内作出是否移送的决定", "S6 Art. 5"
        )
    return []


@guard("surcharge_rate_told", "已告知加处罚款标准", "ACL Art. 45 para 1")
def surcharge_rate_told(f: CaseFacts, as_of: date) -> list[Refusal]:
    if not f.performance.surcharge_rate_notified:
        return _r(
            "surcharge_rate_not_told",
            "加处罚款的标准未告知当事人，不得加处罚款",
            "ACL Art. 45 para 1",
        )
    return []


@guard("execution_time_lawful", "不在夜间或法定节假日实施强制执行（情况紧急除外）", "ACL Art. 43")
def execution_time_lawful(f: CaseFacts, as_of: date) -> list[Refusal]:
    # ACL Art. 43: no compulsory execution at night or on statutory holidays, except emergencies.
    from zhifa.core.execution_time import execution_time_refusal

    p = f.proposal
    refusal = execution_time_refusal(p.execution_at, p.execution_day_off, p.emergency_ground)
    return [refusal] if refusal is not None else []
