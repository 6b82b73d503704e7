"""The registry of journal event types: no free-text event names (style.md item 9).

Each app registers its own types from its AppConfig.ready() (or a module it imports there):

    from zhifa.records.events import register_event
    register_event("case.filed", _("立案"))

Codes are "<noun>.<verb_past>" in lower snake case; labels are Chinese msgids for gettext.
"""

import re

from django.utils.translation import gettext_lazy as _

EVENT_TYPES: dict[str, str] = {}

_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def register_event(code: str, label_zh) -> str:
    """Register an event type. Registering a code again is harmless: the first label stays."""
    if not _CODE.match(code) or len(code) > 64:
        raise ValueError(f"bad event type code {code!r}: use 'noun.verb' in lower snake case")
    EVENT_TYPES.setdefault(code, label_zh)
    return code


def event_label(code: str) -> str:
    """The Chinese label, or the code itself for a type no longer registered."""
    return str(EVENT_TYPES.get(code, code))


# The foundation's events.
for _code, _label in [
    ("agency.created", _("新建机构")),
    ("agency.renamed", _("机构更名")),
    ("user.created", _("新建用户")),
    ("user.roles_changed", _("用户角色变更")),
    ("user.locked_out", _("账号锁定")),
    ("user.unlocked", _("账号解锁")),
    ("user.login", _("用户登录")),
    ("user.login_failed", _("登录失败")),
    ("officer.created", _("新建执法人员")),
    ("certificate.issued", _("核发行政执法证件")),
    ("certificate.status_changed", _("行政执法证件状态变更")),
    ("suspension.started", _("暂停执法")),
    ("suspension.lifted", _("解除暂停执法")),
    ("calendar.year_imported", _("导入年度工作日历")),
    ("calendar.day_changed", _("工作日历变更")),
    ("journal.verified", _("全过程记录校验")),
    ("journal.anchored", _("全过程记录每日锚定")),
    ("journal.exported", _("导出全过程记录（审计）")),
    ("file.downloaded", _("下载文件")),
]:
    register_event(_code, _label)
