"""Journal event types of the evaluation app (评议考核、案卷评查)."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

SCHEME_SAVED = register_event("evaluation.scheme_saved", _("制定评议考核方案"))
ROUND_OPENED = register_event("evaluation.round_opened", _("启动评议考核"))
SCORED = register_event("evaluation.scored", _("评议考核评分"))
APPEALED = register_event("evaluation.appealed", _("对评议考核结果提出申诉"))
APPEAL_DECIDED = register_event("evaluation.appeal_decided", _("评议考核申诉复核决定"))
RECHECKED = register_event("evaluation.rechecked", _("上级复查评议考核结果"))
ROUND_REPORTED = register_event("evaluation.round_reported", _("评议考核结果报送上级"))
REVIEW_OPENED = register_event("case_review.opened", _("启动案卷评查并抽取案卷"))
REVIEW_SCORED = register_event("case_review.scored", _("案卷评查评分"))
REVIEW_CORRECTED = register_event("case_review.corrected", _("案卷评查问题整改"))
