"""Journal event types and notification kinds of random inspections."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

MATTER_CREATED = register_event("inspection_matter.created", _("列入随机抽查事项清单"))
TARGET_CREATED = register_event("inspection_target.created", _("检查对象纳入名录库"))
RELATION_DECLARED = register_event("inspection_relation.declared", _("登记检查回避关系"))
PLAN_CREATED = register_event("inspection_plan.created", _("制定抽查计划"))
PLAN_DRAWN = register_event("inspection_plan.drawn", _("双随机抽取"))
CAP_DECIDED = register_event("inspection.cap_decided", _("上级审批超出年度上限的检查"))
JOINT_PROPOSED = register_event("inspection.joint_proposed", _("提议联合检查"))
JOINT_DECIDED = register_event("inspection.joint_decided", _("确认联合检查"))
RECORDED = register_event("inspection.recorded", _("登记检查记录"))
LEAD_MADE = register_event("inspection.finding_to_lead", _("检查发现问题转为线索"))

NOTIFY_CAP = "inspection.cap_approval"
NOTIFY_JOINT = "inspection.joint_proposal"
NOTIFY_DRAWN = "inspection.assigned"
NOTIFY_LABELS = {
    NOTIFY_CAP: _("超出年度检查上限待批准"),
    NOTIFY_JOINT: _("联合检查提议"),
    NOTIFY_DRAWN: _("抽中检查任务"),
}
