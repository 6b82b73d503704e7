"""Journal event types of enforcement equipment."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

DEVICE_REGISTERED = register_event("device.registered", _("登记执法装备"))
DEVICE_ISSUED = register_event("device.issued", _("执法装备配发"))
DEVICE_RETURNED = register_event("device.returned", _("执法装备交回"))
