"""Journal event types of the violation index and the first-violation check."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

RECORDED = register_event("violation.recorded", _("登记已认定的违法行为（违法记录索引）"))
LOOKED_UP = register_event("first_violation.looked_up", _("查询当事人以往同类违法记录（首违认定）"))
OVERRIDE_REQUESTED = register_event("first_violation.override_requested", _("申请变更首违认定结果"))
OVERRIDE_DECIDED = register_event("first_violation.override_decided", _("负责人审批首违认定变更"))
