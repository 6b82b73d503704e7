"""Journal event types of the evidence app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

COLLECTED = register_event("evidence.collected", _("登记证据"))
VIEWED = register_event("evidence.viewed", _("调阅证据"))
HANDED_OVER = register_event("evidence.handed_over", _("证据交接"))
FILES_VERIFIED = register_event("evidence.files_verified", _("证据文件校验"))
RECORD_EXPORTED = register_event("evidence.record_exported", _("导出案件全过程记录"))

CUSTODY_EVENTS = (COLLECTED, HANDED_OVER, VIEWED)
