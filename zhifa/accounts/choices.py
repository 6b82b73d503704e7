from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Business roles: they grant actions on cases; several may be held at once."""

    OFFICER = "officer", _("执法人员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    AGENCY_HEAD = "agency_head", _("执法部门负责人")
    SUPERVISOR = "supervisor", _("监督人员")


class AdminRole(models.TextChoices):
    """The three separated administrators (三员分立): at most one per account, and no business role."""

    NONE = "", _("无")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("安全审计员")


BUSINESS_ROLE_FIELDS = {
    Role.OFFICER: "is_officer",
    Role.LEGAL_REVIEWER: "is_legal_reviewer",
    Role.AGENCY_HEAD: "is_agency_head",
    Role.SUPERVISOR: "is_supervisor",
}
