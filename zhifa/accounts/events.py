"""Journal event types of accounts beyond the foundation's (records/events.py): issue 10."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

LOGOUT = register_event("user.logout", _("用户退出"))
SESSION_ENDED = register_event("user.session_ended", _("会话结束（超时或在别处登录）"))
PASSWORD_CHANGED = register_event("user.password_changed", _("修改密码"))
PASSWORD_RESET = register_event("user.password_reset", _("管理员重置密码"))
TWO_FACTOR_ENROLLED = register_event("user.two_factor_enrolled", _("启用双因素认证"))
TWO_FACTOR_VERIFIED = register_event("user.two_factor_verified", _("双因素认证通过"))
TWO_FACTOR_FAILED = register_event("user.two_factor_failed", _("双因素认证失败"))
TWO_FACTOR_RESET = register_event("user.two_factor_reset", _("重置双因素认证"))
RECOVERY_CODES_RENEWED = register_event("user.recovery_codes_renewed", _("重新生成恢复码"))
