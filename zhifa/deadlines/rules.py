"""What the law says about extending a deadline, and whose deadline it is; pure data, no Django.

`time_limits.json` records extensions only in prose (`note`) and as separate "…_extension" rules,
so the limits an approval must respect are encoded here, one row per extendable code, each with its
article. A code not listed here cannot be extended (e.g. A3: "逾期未作出处理决定的，自动解除").
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.calendar import NATURAL_DAYS, WORKING_DAYS

AGENCY_HEAD = "agency_head"


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    """How often and by how much a deadline `code` may be extended, and who approves."""

    code: str
    max_times: int
    max_amount: int  # in `unit`, per extension and in total
    unit: str
    approver_role: str
    reference: str
    # Codes that, once opened for the same subject, mean the extension was already granted through
    # the procedure table (e.g. `extend_decision_period` opens A13_decision_extension).
    granted_as: tuple[str, ...] = ()


EXTENSION_RULES: dict[str, ExtensionRule] = {
    rule.code: rule
    for rule in (
        # TEPP Art. 78: complex cases, once, by at most 30 days, approved by the department head.
        ExtensionRule(
            "A13_decision",
            1,
            30,
            NATURAL_DAYS,
            AGENCY_HEAD,
            "TEPP Art. 78",
            granted_as=("A13_decision_extension",),
        ),
        # ACL Art. 25; TEPP Art. 56: seizure, once, by at most 30 days, department head.
        ExtensionRule(
            "A4_seizure",
            1,
            30,
            NATURAL_DAYS,
            AGENCY_HEAD,
            "ACL Art. 25; TEPP Art. 56",
            granted_as=("A4_seizure_extension",),
        ),
        # ACL Art. 32: freezing decision, complex cases, by at most 30 days, head's approval.
        ExtensionRule("A7_freeze_handling", 1, 30, NATURAL_DAYS, AGENCY_HEAD, "ACL Art. 32"),
        # S7 Art. 33: disclosure reply, by at most 20 working days, head of the disclosure office
        # (no such role on the platform: the agency head approves).
        ExtensionRule(
            "A31_disclosure_reply",
            1,
            20,
            WORKING_DAYS,
            AGENCY_HEAD,
            "政府信息公开条例 Art. 33",
            granted_as=("A31_disclosure_reply_extension",),
        ),
        # 信访工作条例 Art. 34: complex petitions, by at most 30 days, head's approval.
        ExtensionRule(
            "A39_petition_conclude",
            1,
            30,
            NATURAL_DAYS,
            AGENCY_HEAD,
            "信访工作条例 Art. 34",
            granted_as=("A39_petition_extension",),
        ),
    )
}


# Periods that belong to the party, a court or a waiting time, not to the agency: when they run
# out nothing is late, the next step becomes possible. The sweep does not warn "due soon" for
# them and reports their end as "届满" rather than "逾期".
WINDOWS = frozenset(
    {
        "A2_limitation",
        "A2_limitation_safety",
        "A10_hearing_request",
        "A12_statement",
        "A15_public_notice_service",
        "A16_fine_payment",
        "A20_plan_end",
        "A21_demand_wait",
        "A23_court_acceptance",
        "A23_court_ruling",
        "A23_court_ruling_hearing",
        "A25_suspended_execution",
        "A33_revocation_review_request",
        "A34_evaluation_appeal",
        "A38_complaint_operator_reply",
        "A39_petition_reexamination_request",
    }
)

# Titles of the codes whose due date is passed in and that have no registry rule.
PASSED_IN_TITLES = {
    "A12_statement": ("陈述申辩期", "APL Arts. 44, 45, 62; TEPP Arts. 69–70（期限由省级规定）"),
    "A20_plan_end": ("暂缓或分期缴纳罚款期满", "APL Art. 66 para 2; TEPP Art. 101"),
    # 12328 work orders (zhifa/complaints): the lengths come from each province's own rules
    "C12328_transfer": ("12328工单转办或即时答复时限", "complaints-12328.md §5（按省配置）"),
    "C12328_accept": ("12328工单签收时限", "complaints-12328.md §5（按省配置）"),
    "C12328_close": ("12328工单限时办结", "complaints-12328.md §5（按省配置）"),
    "C12328_visit": ("12328工单回访时限", "complaints-12328.md §5（按省配置）"),
    # evaluation results (zhifa/evaluation): 15 days to appeal
    "E_appeal": ("评议考核结果申诉期", "T3 Art. 20"),
}


# Extensions that the law ties to a written decision of their own (ACL Art. 25: 延长查封、扣押决定
# served on the party; TEPP Art. 78: once, by the case's own step): on their domain's subject they
# go only through that step, never the generic extension page. code -> {subject_type: step}.
DOMAIN_STEPS: dict[str, dict[str, str]] = {
    "A13_decision": {
        "cases.case": "案件页的“延长办案期限”步骤（《交通运输行政执法程序规定》第七十八条）"
    },
    "A4_seizure": {
        "measures.compulsorymeasure": (
            "查封扣押页的“延长查封扣押期限”步骤，并送达延长决定书（《行政强制法》第二十五条）"
        )
    },
}


def domain_step(code: str, subject_type: str) -> str | None:
    """The step that alone may extend `code` on a subject of `subject_type`, or None."""
    return DOMAIN_STEPS.get(code, {}).get(subject_type)


def extension_rule(code: str) -> ExtensionRule | None:
    return EXTENSION_RULES.get(code)


def is_window(code: str) -> bool:
    return code in WINDOWS
