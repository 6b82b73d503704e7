"""Journal event types of preservation, compulsory measures and the property ledger."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

# 先行登记保存 (APL Art. 56; TEPP Arts. 43–45)
PRESERVATION_REQUESTED = register_event("preservation.requested", _("申请先行登记保存"))
PRESERVATION_APPROVED = register_event("preservation.approved", _("批准先行登记保存"))
PRESERVATION_REFUSED = register_event("preservation.refused", _("不予批准先行登记保存"))
PRESERVATION_STARTED = register_event("preservation.started", _("实施先行登记保存"))
PRESERVATION_DECIDED = register_event("preservation.decided", _("先行登记保存处理决定"))
PRESERVATION_RELEASED = register_event("preservation.released", _("解除证据登记保存"))
PRESERVATION_LAPSED = register_event("preservation.lapsed", _("先行登记保存逾期自动解除"))

# 查封、扣押 (ACL Arts. 17–28; TEPP Arts. 52–59)
MEASURE_REQUESTED = register_event("measure.requested", _("申请实施行政强制措施"))
MEASURE_APPROVED = register_event("measure.approved", _("批准行政强制措施"))
MEASURE_REFUSED = register_event("measure.refused", _("不予批准行政强制措施"))
MEASURE_EXECUTED = register_event("measure.executed", _("实施行政强制措施"))
MEASURE_TAKEN_ON_SPOT = register_event("measure.taken_on_spot", _("情况紧急当场实施强制措施"))
MEASURE_REPORTED = register_event("measure.reported", _("当场实施强制措施后报告负责人"))
MEASURE_EXTENDED = register_event("measure.extended", _("延长查封、扣押期限"))
MEASURE_PAUSED = register_event("measure.paused", _("检测、鉴定期间不计入查封、扣押期限"))
MEASURE_RELEASED = register_event("measure.released", _("解除行政强制措施"))

# 涉案财物 (TEPP Arts. 124–129)
PROPERTY_REGISTERED = register_event("property.registered", _("涉案财物登记"))
PROPERTY_CARRIED_OVER = register_event(
    "property.carried_over", _("先行登记保存的财物转为查封、扣押")
)
PROPERTY_HANDED_OVER = register_event("property.handed_over", _("涉案财物移交保管"))
PROPERTY_HANDOVER_EXCEPTION = register_event(
    "property.handover_exception", _("涉案财物延后移交（例外情形）")
)
PROPERTY_SENT_FOR_APPRAISAL = register_event("property.sent_for_appraisal", _("涉案财物送检鉴定"))
PROPERTY_APPRAISAL_FINISHED = register_event("property.appraisal_finished", _("涉案财物鉴定完毕"))
PROPERTY_RELOCATED = register_event("property.relocated", _("涉案财物变更存放地点"))
PROPERTY_UNCLAIMED_NOTICE = register_event("property.unclaimed_notice", _("无人认领财物公告"))
PROPERTY_DISPOSAL_REQUESTED = register_event("property.disposal_requested", _("申请处置涉案财物"))
PROPERTY_DISPOSAL_APPROVED = register_event("property.disposal_approved", _("批准处置涉案财物"))
PROPERTY_DISPOSAL_REFUSED = register_event("property.disposal_refused", _("不予批准处置涉案财物"))
PROPERTY_DISPOSED = register_event("property.disposed", _("处置涉案财物"))
