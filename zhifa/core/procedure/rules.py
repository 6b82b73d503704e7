"""Pure legal rules the guards are built from: thresholds, triggers, comparisons (each cites its article).

These answer questions a service or a page may also ask on its own ("does this penalty give the
party a hearing right?") without firing a transition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.core.payment import plain_months

from .model import (
    CONFISCATION_KINDS,
    CaseFacts,
    CaseTriggers,
    LargeAmounts,
    PartyKind,
    Penalty,
    PenaltyKind,
    Refusal,
)

# APL Art. 51; TEPP Art. 60: on-the-spot penalty: warning, or fine ≤ 200 (person) / ≤ 3,000
# (organisation); TEPP Art. 130: "以下" includes the number.
SUMMARY_FINE_LIMIT = {PartyKind.PERSON: Decimal(200), PartyKind.ORGANISATION: Decimal(3000)}
SUMMARY_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})
ONSPOT_CASH_LIMIT = Decimal(100)  # APL Art. 68(1): fines of 100 yuan or less collected on the spot


@dataclass(frozen=True)
class Trigger:
    """One reason a procedural requirement applies, with its article."""

    code: str
    label: str
    article: str


# --- summary procedure ----------------------------------------------------------------------------


def summary_eligibility(
    penalty: Penalty | None, party_kind: PartyKind, triggers: CaseTriggers
) -> tuple[Refusal, ...]:
    """Refusals that keep a case out of the summary procedure (empty: eligible).

    APL Art. 51; TEPP Art. 60: facts conclusive, a legal basis, and the penalty a warning or a fine
    of at most 200 yuan for a citizen, 3,000 yuan for an organisation, the amount included (TEPP
    Art. 130). A warning together with such a fine also qualifies.
    """
    refusals: list[Refusal] = []
    if penalty is None:
        return (Refusal("summary_no_penalty", "未填写拟当场作出的处罚", "APL Art. 51"),)
    if not triggers.facts_conclusive:
        refusals.append(
            Refusal("summary_facts_not_conclusive", "违法事实不确凿，不适用简易程序", "APL Art. 51")
        )
    if not triggers.has_legal_basis:
        refusals.append(
            Refusal("summary_no_legal_basis", "没有法定依据，不适用简易程序", "APL Art. 51")
        )
    other = penalty.kinds - SUMMARY_KINDS
    if other:
        refusals.append(
            Refusal(
                "summary_penalty_kind",
                "简易程序只能给予警告或者小额罚款，拟给予的处罚种类超出范围",
                "APL Art. 51; TEPP Art. 60",
            )
        )
    limit = SUMMARY_FINE_LIMIT[party_kind]
    if penalty.fine > limit:
        who = "公民" if party_kind == PartyKind.PERSON else "法人或者其他组织"
        refusals.append(
            Refusal(
                "summary_fine_too_high",
                f"对{who}当场罚款不得超过{limit}元（含本数），拟罚款{penalty.fine}元",
                "APL Art. 51; TEPP Arts. 60, 130",
            )
        )
    return tuple(refusals)


def onspot_collection_refusals(
    penalty: Penalty | None, ground: str | None, receipt_issued: bool
) -> tuple[Refusal, ...]:
    """May the officer collect the fine on the spot (当场收缴)? APL Arts. 68–70; TEPP Art. 99."""
    refusals: list[Refusal] = []
    if penalty is None or penalty.fine <= 0:
        return (Refusal("collect_no_fine", "没有可当场收缴的罚款", "APL Art. 68"),)
    if ground not in ONSPOT_COLLECTION_GROUNDS:
        refusals.append(
            Refusal(
                "collect_no_ground",
                "当场收缴罚款须符合法定情形（一百元以下、事后难以执行，或边远地区当事人提出）",
                "APL Arts. 68–69",
            )
        )
    elif ground == "fine_100_or_less" and penalty.fine > ONSPOT_CASH_LIMIT:
        refusals.append(
            Refusal(
                "collect_over_100",
                f"罚款{penalty.fine}元超过一百元，不得以此为由当场收缴",
                "APL Art. 68(1)",
            )
        )
    if not receipt_issued:
        refusals.append(
            Refusal(
                "collect_no_receipt",
                "当场收缴罚款必须出具财政部门统一制发的专用票据",
                "APL Art. 70",
            )
        )
    return tuple(refusals)


ONSPOT_COLLECTION_GROUNDS = {
    "fine_100_or_less": "依法给予一百元以下罚款（APL Art. 68(1)）",
    "hard_to_collect_later": "不当场收缴事后难以执行（APL Art. 68(2)）",
    "remote_area_party_request": "边远、水上、交通不便地区，当事人提出（APL Art. 69）",
}

# TEPP Art. 61 (APL Art. 52): what the officers must have done before an on-the-spot decision.
ONSPOT_STEPS = {
    "certificate_shown": "出示执法证件",
    "party_identified": "确认当事人身份",
    "evidence_collected": "收集必要证据",
    "facts_told": "口头告知违法事实、处罚理由和依据",
    "rights_told": "口头告知陈述申辩权利",
    "statement_heard": "听取并复核当事人陈述申辩",
}


# --- large amounts, hearing, legal review, deliberation -------------------------------------------


def _large(
    amount: Decimal, party_kind: PartyKind, person: Decimal | None, organisation: Decimal | None
) -> bool | None:
    threshold = person if party_kind == PartyKind.PERSON else organisation
    if threshold is None:
        return None
    return amount >= threshold  # TEPP Art. 130: "以上" includes the number


def large_fine(
    penalty: Penalty, party_kind: PartyKind, amounts: LargeAmounts | None
) -> bool | None:
    """Is the fine a "large amount" (较大数额罚款)? None when the province parameter is missing."""
    if penalty.fine <= 0:
        return False
    if amounts is None:
        return None
    return _large(penalty.fine, party_kind, amounts.natural_person, amounts.organisation)


def large_confiscation(
    penalty: Penalty, party_kind: PartyKind, amounts: LargeAmounts | None, triggers: CaseTriggers
) -> bool:
    """Large gains or high-value property confiscated (APL Art. 63(4)): by a configured threshold,
    else by the officers' flag."""
    if not penalty.kinds & CONFISCATION_KINDS:
        return False
    if triggers.large_confiscation:
        return True
    person = getattr(amounts, "confiscation_person", None)
    organisation = getattr(amounts, "confiscation_organisation", None)
    return bool(_large(penalty.confiscation, party_kind, person, organisation))


HEARING_KINDS = {
    PenaltyKind.SUSPEND_BUSINESS: "APL Art. 63(1)",
    PenaltyKind.CLOSURE: "APL Art. 63(1)",
    PenaltyKind.PRACTICE_RESTRICTION: "APL Art. 63(1)",
    PenaltyKind.QUALIFICATION_DOWNGRADE: "APL Art. 63(2)",
    PenaltyKind.LICENCE_REVOCATION: "APL Art. 63(2)",
}
DELIBERATION_KINDS = frozenset(
    {
        PenaltyKind.QUALIFICATION_DOWNGRADE,
        PenaltyKind.LICENCE_REVOCATION,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSURE,
        PenaltyKind.PRACTICE_RESTRICTION,
    }
)
KIND_LABELS = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyKind.LICENCE_SUSPENSION: "暂扣许可证件",
    PenaltyKind.QUALIFICATION_DOWNGRADE: "降低资质等级",
    PenaltyKind.LICENCE_REVOCATION: "吊销许可证件",
    PenaltyKind.BUSINESS_RESTRICTION: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.PRACTICE_RESTRICTION: "限制从业",
}


class MissingParameter(Exception):
    """A province parameter the rule needs is not configured (raised only by the rules; guards
    turn it into a refusal)."""


def hearing_triggers(
    penalty: Penalty, party_kind: PartyKind, amounts: LargeAmounts | None, triggers: CaseTriggers
) -> tuple[Trigger, ...]:
    """Why the party has a hearing right (empty: none). APL Art. 63; TEPP Art. 80.

    Raises `MissingParameter` when a fine is proposed and the province's "large amount" is not
    configured: whether the right exists cannot be decided, and guessing either way is unlawful.
    """
    found = [
        Trigger(f"hearing_{k}", KIND_LABELS[k], art)
        for k, art in HEARING_KINDS.items()
        if k in penalty.kinds
    ]
    large = large_fine(penalty, party_kind, amounts)
    if large is None:
        raise MissingParameter("large_amounts")
    if large:
        found.append(Trigger("hearing_large_fine", "较大数额罚款", "APL Art. 63(3); TEPP Art. 80"))
    if large_confiscation(penalty, party_kind, amounts, triggers):
        found.append(
            Trigger(
                "hearing_large_confiscation",
                "没收较大数额违法所得或较大价值非法财物",
                "APL Art. 63(4)",
            )
        )
    if triggers.other_heavier_penalty:
        found.append(Trigger("hearing_other_heavier", "其他较重的行政处罚", "APL Art. 63(5)"))
    if triggers.hearing_required_by_law:
        found.append(Trigger("hearing_by_law", "法律、法规、规章规定的其他情形", "APL Art. 63(6)"))
    return tuple(found)


def legal_review_triggers(facts: CaseFacts) -> tuple[Trigger, ...]:
    """Why legal review is mandatory before the decision (empty: not mandatory). APL Art. 58;
    TEPP Art. 71; T4 §四(十二)."""
    t = facts.triggers
    found = []
    if t.major_public_interest:
        found.append(Trigger("review_public_interest", "涉及重大公共利益", "APL Art. 58(1)"))
    if t.major_rights and facts.hearing.held_on is not None:
        found.append(
            Trigger(
                "review_major_rights_hearing",
                "直接关系当事人或者第三人重大权益，经过听证程序",
                "APL Art. 58(2)",
            )
        )
    if t.complex_case or t.multiple_legal_relationships:
        found.append(
            Trigger("review_complex", "案件情况疑难复杂、涉及多个法律关系", "APL Art. 58(3)")
        )
    if t.review_required_by_law:
        found.append(Trigger("review_by_law", "法律、法规规定应当进行法制审核", "APL Art. 58(4)"))
    if t.major_social_risk:
        found.append(
            Trigger("review_social_risk", "可能造成重大社会影响或引发社会风险", "T4 §四(十二)")
        )
    if t.in_review_catalogue:
        found.append(
            Trigger("review_catalogue", "属于本机关重大执法决定法制审核目录", "T4 §四(十二)")
        )
    return tuple(found)


def deliberation_triggers(
    penalty: Penalty | None,
    party_kind: PartyKind,
    amounts: LargeAmounts | None,
    triggers: CaseTriggers,
) -> tuple[Trigger, ...]:
    """Why the case must go to the major-case collective discussion (TEPP Art. 76; APL Art. 57
    para 2). Raises `MissingParameter` like `hearing_triggers`."""
    found: list[Trigger] = []
    if penalty is not None:
        for kind in sorted(penalty.kinds & DELIBERATION_KINDS):
            found.append(Trigger(f"deliberation_{kind}", KIND_LABELS[kind], "TEPP Art. 76(1)"))
        large = large_fine(penalty, party_kind, amounts)
        if large is None:
            raise MissingParameter("large_amounts")
        if large:
            found.append(Trigger("deliberation_large_fine", "较大数额罚款", "TEPP Art. 76(1)"))
        if large_confiscation(penalty, party_kind, amounts, triggers):
            found.append(
                Trigger(
                    "deliberation_large_confiscation",
                    "没收较大数额违法所得或较大价值非法财物",
                    "TEPP Art. 76(1)",
                )
            )
    flags = (
        (triggers.facts_disputed, "deliberation_facts_disputed", "事实、证据有重大争议"),
        (triggers.law_contested, "deliberation_law_contested", "适用法律有重大争议"),
        (triggers.egregious, "deliberation_egregious", "违法情节恶劣或者危害后果严重"),
        (triggers.jurisdiction_disputed, "deliberation_jurisdiction", "管辖不明或者有争议"),
    )
    found += [Trigger(code, label, "TEPP Art. 76(2)") for flag, code, label in flags if flag]
    if triggers.complex_major_heavier:
        found.append(
            Trigger(
                "deliberation_complex_major",
                "情节复杂或者重大违法行为给予较重处罚",
                "TEPP Art. 76(3); APL Art. 57 para 2",
            )
        )
    return tuple(found)


# --- penalties compared -------------------------------------------------------------------------


def heavier_than(decided: Penalty, notified: Penalty) -> tuple[str, ...]:
    """In what ways `decided` is heavier than `notified` (empty: not heavier). Strict reading:
    any penalty kind not in the notice counts as heavier, since the party was never told of it
    (APL Art. 44) — the notice must be served again for it."""
    reasons = []
    added = decided.kinds - notified.kinds
    if added:
        labels = "、".join(KIND_LABELS[k] for k in sorted(added))
        reasons.append(f"增加了告知时未拟定的处罚种类（{labels}）")
    if decided.fine > notified.fine:
        reasons.append(f"罚款由{notified.fine}元提高到{decided.fine}元")
    if decided.confiscation > notified.confiscation:
        reasons.append(f"没收金额由{notified.confiscation}元提高到{decided.confiscation}元")
    return tuple(reasons)


def statute_refusals(penalty: Penalty) -> tuple[Refusal, ...]:
    """The fine lies within the range of the penalty provision cited (APL Arts. 4, 38: a penalty
    needs a legal basis); below the minimum only when mitigated (减轻处罚, APL Art. 32)."""
    if penalty.fine <= 0:
        return ()
    if penalty.statutory_max is None and penalty.statutory_min is None:
        return (
            Refusal("fine_no_statutory_range", "未载明处罚依据规定的罚款幅度", "APL Arts. 4, 38"),
        )
    refusals = []
    if penalty.statutory_max is not None and penalty.fine > penalty.statutory_max:
        refusals.append(
            Refusal(
                "fine_above_statute",
                f"罚款{penalty.fine}元超过法定最高额{penalty.statutory_max}元",
                "APL Arts. 4, 38",
            )
        )
    if (
        penalty.statutory_min is not None
        and penalty.fine < penalty.statutory_min
        and not penalty.mitigated
    ):
        refusals.append(
            Refusal(
                "fine_below_statute",
                f"罚款{penalty.fine}元低于法定最低额{penalty.statutory_min}元，且未依法减轻处罚",
                "APL Arts. 4, 32, 38",
            )
        )
    return tuple(refusals)


def limitation_ends(violation_ended_on: date, years: int) -> date:
    """Last day on which the violation may still be discovered (APL Art. 36; TEPP Art. 74 para 3):
    2 years, 5 where citizens' life, health or financial safety is involved and harm resulted;
    from the day the conduct ended when it was continuing."""
    return plain_months(violation_ended_on, 12 * years)


# --- reasons and checklists --------------------------------------------------------------------------

# T1 Art. 72; T4 §四(十三): what the written legal-review opinion must cover (legal.md §F.3).
REVIEW_CHECKLIST = {
    "body_and_officers": "执法主体是否合法，执法人员是否具备执法资格",
    "procedure": "执法程序是否合法",
    "facts_and_evidence": "案件事实是否清楚，证据是否合法充分",
    "law_and_discretion": "适用法律是否准确，裁量基准运用是否适当",
    "within_powers": "是否超越执法机关法定权限",
    "documents": "执法文书是否完备、规范",
    "crime_suspected": "违法行为是否涉嫌犯罪、需要移送司法机关",
}
# APL Art. 43; TEPP Arts. 12–16: grounds on which an officer must step aside (回避); the party may
# apply orally or in writing with reasons; the agency head decides (TEPP Art. 13); investigation
# continues until the decision; a recused officer is then `OfficerFact.recused`.
RECUSAL_GROUNDS = {
    "is_party_or_relative": "是本案当事人或者当事人、代理人的近亲属",
    "interest_in_case": "本人或者其近亲属与本案有直接利害关系",
    "other_relationship": "与本案当事人有其他关系，可能影响公正执法",
}
HEARING_POSTPONE_REASONS = {  # TEPP Arts. 93–96
    "force_majeure": "因不可抗力无法按期举行",
    "late_recusal_request": "当事人临时申请回避",
    "party_request": "当事人有正当理由申请延期",
}
HEARING_SUSPEND_REASONS = {  # TEPP Arts. 93–96
    "new_evidence": "需要通知新的证人到场、调取新的证据或者需要重新鉴定、勘验",
    "new_fact": "发现新的违法事实",
    "party_died": "当事人死亡或者终止，需要等待权利义务承受人",
    "force_majeure": "因不可抗力无法继续进行",
    "recusal": "申请回避需要作出决定",
}
HEARING_TERMINATE_REASONS = {  # TEPP Arts. 93–96
    "withdrawn": "当事人撤回听证要求",
    "absent": "当事人无正当理由不参加听证",
    "walked_out": "当事人未经许可中途退场",
    "died_no_successor": "当事人死亡或者终止，没有权利义务承受人",
    "disruption": "当事人严重扰乱听证秩序",
}
TERMINATE_INVESTIGATION_REASONS = {  # TEPP Art. 123
    "no_violation": "违法事实不能成立",
    "limitation_expired": "违法行为已过追责时效",
    "party_died_no_successor": "当事人死亡或者终止，无权利义务承受人",
    "other": "其他需要终止调查的情形",
}
NO_PENALTY_GROUNDS = {
    "minor_corrected": ("违法行为轻微并及时改正，没有造成危害后果", "APL Art. 33 para 1"),
    "first_violation": ("初次违法且危害后果轻微并及时改正（首违不罚）", "APL Art. 33 para 1"),
    "no_fault": ("当事人有证据足以证明没有主观过错", "APL Art. 33 para 2"),
    "under_14": ("不满十四周岁", "APL Art. 30"),
    "mental_incapacity": ("精神病人、智力残疾人在不能辨认或者控制自己行为时违法", "APL Art. 31"),
    "facts_not_established": ("违法事实不能成立", "TEPP Art. 73(3)"),
    "limitation_expired": ("违法行为已过追责时效", "APL Art. 36"),
}
SUSPEND_EXECUTION_REASONS = {  # ACL Art. 39; TEPP Art. 110
    "unable_to_pay": "当事人履行行政决定确有困难或者暂无履行能力",
    "third_party_claim": "第三人对执行标的主张权利，确有理由",
    "irreparable_loss": "执行可能造成难以弥补的损失，且中止执行不损害公共利益",
    "other": "行政机关认为需要中止执行的其他情形",
}
TERMINATE_EXECUTION_REASONS = {  # ACL Art. 40; TEPP Art. 111 (and ACL Art. 39 para 2)
    "died_no_estate": "公民死亡，无遗产可供执行，又无义务承受人",
    "dissolved_no_assets": "法人或者其他组织终止，无财产可供执行，又无义务承受人",
    "subject_perished": "执行标的灭失",
    "decision_revoked": "据以执行的行政决定被撤销",
    "suspended_three_years": "中止执行满三年未恢复执行（ACL Art. 39 para 2）",
    "other": "行政机关认为需要终结执行的其他情形",
}
SERVICE_METHODS = {  # TEPP Art. 18
    "direct": "直接送达",
    "left_at_address": "留置送达",
    "electronic": "电子送达",
    "mail": "邮寄送达",
    "entrusted": "委托送达",
    "public_notice": "公告送达",
}


def reason_label(reasons: Mapping[str, object], code: str | None) -> str | None:
    """The Chinese label of a reason code (for documents and pages), or None."""
    value = reasons.get(code or "")
    if isinstance(value, tuple):
        value = value[0]
    return value if isinstance(value, str) else None


def missing(items: Iterable[str], done: frozenset[str]) -> tuple[str, ...]:
    return tuple(i for i in items if i not in done)
