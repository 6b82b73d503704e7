"""Journal event types of API tokens: issue, revocation, every use and every refused use."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

for _code, _label in [
    ("apitoken.created", _("签发接口令牌")),
    ("apitoken.revoked", _("吊销接口令牌")),
    ("apitoken.used", _("使用接口令牌")),
    ("apitoken.refused", _("拒绝接口令牌请求")),
]:
    register_event(_code, _label)
