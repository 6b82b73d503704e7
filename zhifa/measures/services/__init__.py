"""Writes of preservation, compulsory measures and the property ledger (one use case each).

Every service checks scope, role and the legal rule itself, changes its rows in one transaction
(`transaction.atomic`) and journals in it; deadlines are opened and closed through
`zhifa.deadlines.services` in the same transaction. Nothing is changed when one raises.
"""

from .case import release_case_measures, transfer_case_property
from .measures import (
    decide_measure_approval,
    execute_measure,
    extend_measure,
    record_pause,
    release_measure,
    report_emergency_measure,
    request_measure,
    take_emergency_measure,
)
from .preservation import (
    decide_preservation,
    decide_preservation_approval,
    lapse_overdue_preservations,
    release_preservation,
    request_preservation,
    start_preservation,
)
from .property import (
    carry_out_disposal,
    decide_disposal,
    finish_appraisal,
    hand_over_property,
    record_handover_exception,
    record_unclaimed_notice,
    register_property,
    relocate_property,
    request_disposal,
    send_for_appraisal,
)

__all__ = [
    "carry_out_disposal",
    "decide_disposal",
    "decide_measure_approval",
    "decide_preservation",
    "decide_preservation_approval",
    "execute_measure",
    "extend_measure",
    "finish_appraisal",
    "hand_over_property",
    "lapse_overdue_preservations",
    "record_handover_exception",
    "record_pause",
    "record_unclaimed_notice",
    "register_property",
    "release_case_measures",
    "release_measure",
    "release_preservation",
    "relocate_property",
    "report_emergency_measure",
    "request_disposal",
    "request_measure",
    "request_preservation",
    "send_for_appraisal",
    "start_preservation",
    "take_emergency_measure",
    "transfer_case_property",
]
