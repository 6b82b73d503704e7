"""Kinds of notification the platform sends. Other apps may use their own kinds ("case.assigned")."""

from django.utils.translation import gettext_lazy as _

DEADLINE_DUE_SOON = "deadline.due_soon"
DEADLINE_OVERDUE = "deadline.overdue"
DEADLINE_EXPIRED = "deadline.expired"
EXTENSION_REQUESTED = "deadline.extension_requested"
EXTENSION_DECIDED = "deadline.extension_decided"

KIND_LABELS = {
    DEADLINE_DUE_SOON: _("期限即将届满"),
    DEADLINE_OVERDUE: _("期限已逾期"),
    DEADLINE_EXPIRED: _("期限已届满"),
    EXTENSION_REQUESTED: _("延期申请待审批"),
    EXTENSION_DECIDED: _("延期申请已审批"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
