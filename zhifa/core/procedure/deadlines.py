"""Deadline codes the transition table opens and closes.

Every code is a rule of `zhifa/core/data/time_limits.json` (amount, unit and reference, dated) —
the cases app turns an opening into a `Deadline` row with `WorkingDayCalendar.add(start, amount,
unit)` — except the three below, whose due date arrives with the opening:
- `A12_statement`: the province's statement-and-defence window (legal.md §A12, §I 2), computed by
  the caller and passed in as `NoticeFacts.statement_due`;
- `A20_plan_end`: the end of an approved deferral or instalments (legal.md §A20), `PaymentPlan.end`;
- `A22_court_enforcement_application`: a registry rule (3 months), but it runs from the party's
  litigation-period expiry or the plan's end, so the window comes from
  `zhifa.core.payment.court_enforcement_window` (passed in as `PerformanceFacts.court_window`).
"""

from __future__ import annotations

A8_TRANSFER_DECISION = "A8_transfer_decision"  # S6 Art. 5: head decides within 3 days
A8_TRANSFER = "A8_transfer"  # S6 Art. 5: hand over within 24 hours of approval
A9_ONSPOT_FILING = "A9_onsite_decision_filing"  # TEPP Art. 61(8): 5 days
A10_HEARING_REQUEST = "A10_hearing_request"  # APL Art. 64(1): 5 working days
A12_STATEMENT = "A12_statement"  # province parameter (due passed in)
A13_DECISION = "A13_decision"  # APL Art. 60; TEPP Art. 78: 90 days from filing
A13_DECISION_EXTENSION = "A13_decision_extension"  # TEPP Art. 78: +30 days once
A14_DECISION_SERVICE = "A14_decision_service"  # APL Art. 61: 7 working days
A15_PUBLIC_NOTICE_SERVICE = "A15_public_notice_service"  # TEPP Art. 18(5): deemed after 60 days
A16_FINE_PAYMENT = "A16_fine_payment"  # APL Art. 67: 15 days from receipt
A17_CASH_HANDOVER = "A17_cash_handover"  # APL Art. 71: 2 working days
A17_BANK_DEPOSIT = "A17_bank_deposit"  # APL Art. 71; TEPP Art. 100: 2 working days more
A27_PUBLISH_PENALTY = (
    "A27_publish_penalty"  # 国办发〔2018〕118号 第二部分第（六）项: 7 working days
)
A20_PLAN_END = "A20_plan_end"  # APL Art. 66 para 2 (due passed in)
A21_DEMAND_WAIT = "A21_demand_wait"  # ACL Art. 54: 10 working days after the demand is served
A22_COURT_APPLICATION = "A22_court_enforcement_application"  # ACL Art. 53: 3 months
ALL = "*"  # closes every open deadline of the case (closing, TEPP Art. 122)

PASSED_IN = frozenset({A12_STATEMENT, A20_PLAN_END, A22_COURT_APPLICATION})
