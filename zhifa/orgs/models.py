"""The national organisation tree: regions from zhifa/refdata/regions.json and the agencies that enforce."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AgencyKind, RegionLevel


class Region(models.Model):
    """A province-level division or a prefecture-level entry under it (行政区划)."""

    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="region_unique_province_name",
            ),
            models.CheckConstraint(
                condition=(models.Q(level="province", parent__isnull=True))
                | (models.Q(level="prefecture", parent__isnull=False)),
                name="region_level_matches_parent",
            ),
        ]

    def __str__(self):
        if self.parent_id and self.name == "市辖区":
            return f"{self.parent.name}{self.name}"
        return self.name


class Agency(models.Model):
    """A unit that holds enforcement power or supervises those that do (执法部门、执法机构).

    `path` is the materialised path of ids from the ministry down ("/1/5/77/"): scope checks are one
    indexed prefix match, whatever the depth of the tree.
    """

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=32, choices=AgencyKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("行政区划"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("执法机构")
        verbose_name_plural = _("执法机构")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="agency_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="ministry"), name="agency_single_ministry"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="ministry", parent__isnull=True))
                | (~models.Q(kind="ministry") & models.Q(parent__isnull=False)),
                name="agency_only_ministry_is_root",
            ),
        ]

    def __str__(self):
        return self.name

    def is_within(self, other: "Agency") -> bool:
        """True when this agency is `other` or lies below it in the tree."""
        return self.path.startswith(other.path)
