"""Journal event types of the documents app."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

ISSUED = register_event("document.issued", _("出具文书"))
CORRECTED = register_event("document.corrected", _("更正文书"))
WITHDRAWN = register_event("document.withdrawn", _("撤回文书"))
CASE_FILE = register_event("document.case_file_made", _("生成案卷"))
CASE_FILE_FAILED = register_event("document.case_file_failed", _("案卷生成未完成"))
