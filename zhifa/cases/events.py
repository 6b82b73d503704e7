"""Journal event types of case handling: one per transition of the procedure core, and the facts
recorded beside them."""

from django.utils.translation import gettext_lazy as _

from zhifa.core.procedure import TABLE
from zhifa.records.events import register_event


def step_event(code: str) -> str:
    """The event type of a fired transition."""
    return f"case.{code}"


for _t in TABLE.values():
    register_event(step_event(_t.code), _t.label)

LEAD_CREATED = register_event("case.lead_created", _("受理线索"))
PARTY_CREATED = register_event("party.created", _("登记当事人"))
DETAILS_UPDATED = register_event("case.details_updated", _("更新案件信息"))
OFFICERS_ASSIGNED = register_event("case.officers_assigned", _("指派承办人员"))
RECUSAL_REQUESTED = register_event("case.recusal_requested", _("提出回避"))
RECUSAL_DECIDED = register_event("case.recusal_decided", _("作出回避决定"))
RECOMMENDED = register_event("case.recommended", _("生成裁量建议"))
DEVIATION_APPROVED = register_event("case.deviation_approved", _("批准偏离裁量建议"))
EVIDENCE_RECORDED = register_event("case.evidence_recorded", _("制作调查笔录"))
STATEMENT_WAIVED = register_event("case.statement_waived", _("当事人放弃陈述申辩"))
HEARING_WAIVED = register_event("case.hearing_waived", _("当事人放弃听证"))
PAYMENT_RECEIVED = register_event("case.payment_received", _("收到部分缴款"))
PLAN_APPLIED = register_event("case.payment_plan_applied", _("申请暂缓或分期缴纳"))
REMEDY_RECORDED = register_event("case.remedy_recorded", _("登记行政复议或诉讼"))
REMEDY_FILED = register_event("case.remedy_filed", _("登记申请行政复议或提起行政诉讼"))
REMEDY_CONCLUDED = register_event("case.remedy_concluded", _("登记行政复议决定或裁判结果"))
REMEDY_FOLLOWED_UP = register_event("case.remedy_followed_up", _("登记纠错落实情况"))
COURT_ACCEPTED = register_event("case.court_accepted", _("法院受理强制执行申请"))
COURT_FINISHED = register_event("case.court_enforcement_finished", _("法院强制执行完毕"))
CRIME_REPORTED = register_event("case.crime_reported", _("提出移送涉嫌犯罪案件报告"))
CRIME_HANDED_OVER = register_event("case.crime_handed_over", _("案件移交公安机关"))
REVIEWER_QUALIFIED = register_event("legal_reviewer.qualified", _("登记法制审核人员法律职业资格"))
