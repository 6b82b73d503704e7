"""Journal event types of the deadlines app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

OPENED = register_event("deadline.opened", _("期限开始计算"))
ATTRIBUTED = register_event("deadline.attributed", _("期限归属文书"))
CLOSED = register_event("deadline.closed", _("期限结束"))
EXTENSION_REQUESTED = register_event("deadline.extension_requested", _("申请延长期限"))
EXTENSION_DECIDED = register_event("deadline.extension_decided", _("审批延长期限"))
DUE_SOON = register_event("deadline.due_soon", _("期限即将届满"))
OVERDUE = register_event("deadline.overdue", _("期限届满未结束"))
