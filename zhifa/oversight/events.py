"""Journal event types of the oversight app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

CHECK_RECORDED = register_event("supervisory_check.recorded", _("记录督查检查"))
RECTIFICATION_OPENED = register_event("rectification.opened", _("下达整改"))
RECTIFICATION_RESPONDED = register_event("rectification.responded", _("报送整改情况"))
FOLLOW_UP_RECORDED = register_event("rectification.followed_up", _("整改回头看"))
REFERRAL_MADE = register_event("accountability_referral.made", _("问责移送"))
REFERRAL_CONCLUDED = register_event("accountability_referral.concluded", _("问责处理结果反馈"))
FLAG_REVIEWED = register_event("fine_flag.reviewed", _("同案不同罚核查结论"))
EXEMPLARY_PROPOSED = register_event("exemplary_case.proposed", _("推荐典型案例"))
EXEMPLARY_APPROVED = register_event("exemplary_case.approved", _("审核典型案例"))
REPORT_GENERATED = register_event("ministry_report.generated", _("生成报部报告"))
REPORT_SUBMITTED = register_event("ministry_report.submitted", _("报部报告已报送"))
