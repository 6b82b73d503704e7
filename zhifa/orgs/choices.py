from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地市级")


class AgencyKind(models.TextChoices):
    """What kind of unit an Agency is; the last three report straight to the ministry (2021 opinion, closing part)."""

    MINISTRY = "ministry", _("交通运输部")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("省级交通运输主管部门")
    PREFECTURE_AGENCY = "prefecture_agency", _("地市级执法机构")
    COUNTY_AGENCY = "county_agency", _("县级执法机构")
    MARITIME = "maritime", _("直属海事管理机构")
    CHANGJIANG = "changjiang", _("长江航务管理局")
    ZHUJIANG = "zhujiang", _("珠江航务管理局")
