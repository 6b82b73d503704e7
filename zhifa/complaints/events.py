"""Journal event types of the complaints app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

RECEIVED = register_event("complaint.received", _("受理投诉举报工单"))
STEPPED = register_event("complaint.stepped", _("投诉举报工单流转"))
TIME_LIMIT_SET = register_event("complaint.time_limit_set", _("设置12328工单办理时限"))
CARD_RATED = register_event("evaluation_card.rated", _("执法评议卡评价"))
SUPERVISOR_APPOINTED = register_event("public_supervisor.appointed", _("聘任社会监督员"))
SUPERVISOR_ENDED = register_event("public_supervisor.ended", _("社会监督员任期终止"))
CASE_LINKED = register_event("complaint.case_linked", _("投诉举报工单关联案件"))
CASE_UNLINKED = register_event("complaint.case_unlinked", _("投诉举报工单取消关联案件"))
