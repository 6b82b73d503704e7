"""Kinds of the hand-off notifications (stable codes) and their Chinese labels."""

from django.utils.translation import gettext_lazy as _

CASE_FILED = "case.filed"
CASE_NOT_FILED = "case.not_filed"
REPORT_SUBMITTED = "case.report_submitted"
REPORT_APPROVED = "case.report_approved"
RETURNED = "case.returned"
HEARING_REQUESTED = "case.hearing_requested"
HEARING_SCHEDULED = "case.hearing_scheduled"
REVIEW_REQUESTED = "case.review_requested"
REVIEW_DONE = "case.review_done"
DECISION_NEEDED = "case.decision_needed"
DELIBERATION_NEEDED = "case.deliberation_needed"
DELIBERATION_DONE = "case.deliberation_done"
DECIDED = "case.decided"
PAYMENT_OVERDUE = "case.payment_overdue"
APPROVAL_FILING = "approval.filing"
APPROVAL_RECUSAL = "approval.recusal"
APPROVAL_PLAN = "approval.payment_plan"
APPROVAL_MEASURE = "approval.measure"
APPROVAL_DISPOSAL = "approval.disposal"

LABELS = {
    CASE_FILED: _("已立案"),
    CASE_NOT_FILED: _("不予立案"),
    REPORT_SUBMITTED: _("调查报告待审批"),
    REPORT_APPROVED: _("调查报告已批准"),
    RETURNED: _("退回办理"),
    HEARING_REQUESTED: _("听证申请"),
    HEARING_SCHEDULED: _("听证已安排"),
    REVIEW_REQUESTED: _("待法制审核"),
    REVIEW_DONE: _("法制审核已完成"),
    DECISION_NEEDED: _("待作出决定"),
    DELIBERATION_NEEDED: _("待集体讨论"),
    DELIBERATION_DONE: _("集体讨论已决定"),
    DECIDED: _("处罚决定已作出"),
    PAYMENT_OVERDUE: _("逾期未缴纳"),
    APPROVAL_FILING: _("立案审批"),
    APPROVAL_RECUSAL: _("回避审批"),
    APPROVAL_PLAN: _("暂缓或分期缴纳审批"),
    APPROVAL_MEASURE: _("行政强制措施审批"),
    APPROVAL_DISPOSAL: _("涉案财物处置审批"),
}
