"""Journal event types and notification kinds of the provision review."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

REVIEW_OPENED = register_event("provision_review.opened", _("发起处罚规定清理评估"))
REPLAY_STARTED = register_event("provision_review.replay_started", _("发起拟议基准推演"))
REPLAY_CANCELLED = register_event("provision_review.replay_cancelled", _("取消拟议基准推演"))
REPLAY_RESUMED = register_event("provision_review.replay_resumed", _("继续拟议基准推演"))
REPLAY_FINISHED = register_event("provision_review.replay_finished", _("拟议基准推演完成"))
CONCLUDED = register_event("provision_review.concluded", _("作出处罚规定评估结论"))

NOTIFY_REPLAY_DONE = "provision_review.replay_done"
NOTIFY_CONCLUDED = "provision_review.concluded"
NOTIFY_LABELS = {
    NOTIFY_REPLAY_DONE: _("拟议基准推演完成"),
    NOTIFY_CONCLUDED: _("处罚规定评估结论待阅"),
}
