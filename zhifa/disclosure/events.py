"""Journal event types of the disclosure app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

PUBLISHED = register_event("disclosure.published", _("公示执法决定"))
WITHHELD = register_event("disclosure.withheld", _("依法不予公示"))
EXCEPTION_FLAGGED = register_event("disclosure.exception_flagged", _("批准不予公示"))
REVOCATION_RECORDED = register_event("disclosure.revocation_recorded", _("登记决定被撤销等情形"))
WITHDRAWN = register_event("disclosure.withdrawn", _("撤回公示信息"))
ANCHOR_PUBLISHED = register_event("disclosure.anchor_published", _("公开记录锚点"))
