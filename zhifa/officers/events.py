"""Journal event types of officer records not in the records app's base list."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

CERTIFICATE_REVIEWED = register_event("certificate.reviewed", _("行政执法证件年度审验"))
