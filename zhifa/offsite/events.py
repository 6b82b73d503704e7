"""Journal event types of the off-site enforcement app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

DEVICE_SAVED = register_event("offsite.device_saved", _("登记非现场执法检测设备"))
BATCH_RECEIVED = register_event("offsite.batch_received", _("接收非现场执法数据批次"))
RECORDS_RECEIVED = register_event("offsite.records_received", _("接收非现场执法记录"))
RECORD_REVIEWED = register_event("offsite.record_reviewed", _("审核非现场执法记录"))
OWNER_NOTIFIED = register_event("offsite.owner_notified", _("告知登记车主违法事实"))
# APL Art. 41 para 3: the party looked the record up on the portal (a read worth keeping)
RECORD_SHOWN_TO_PARTY = register_event(
    "offsite.record_shown_to_party", _("当事人查询非现场执法记录")
)
BATCH_CANCELLED = register_event("offsite.batch_cancelled", _("取消非现场执法数据批次处理"))
