"""Rollups of the supervision indicators (zhifa/core/indicators.py): what the dashboards read.

- `CaseFact`: one row per case, its current contribution (the counters of core.indicators) and where
  it is counted (agency, province, month, procedure, state); drill-down lists these rows' cases.
- `CaseRollup`: the sum of CaseFact counters per agency × month × procedure × state, and
  `AgencyMonthRollup` per agency × month, kept current in the transaction of each step
  (receivers.py); `rebuild_indicators` recomputes them from scratch.
- `DeadlineRollup`: deadlines due per agency × month × kind, refreshed by a job (`refresh_indicators`);
  `RefreshMark` records when, so the page shows the lag.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core.indicators import CASE_COUNTERS


def _counter_fields() -> dict:
    return {name: models.IntegerField(default=0) for name in CASE_COUNTERS}


class _Where(models.Model):
    """Where a figure is counted: the agency, its province-level ancestor (depth 1), the month."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    path = models.CharField(max_length=255)  # the agency's path, for scope prefix matches
    month = models.DateField()  # first day of the month the lead was received

    class Meta:
        abstract = True


# One integer column per counter of core.indicators.CASE_COUNTERS (the catalogue names them once).
_Counters = type(
    "_Counters",
    (models.Model,),
    {"__module__": __name__, "Meta": type("Meta", (), {"abstract": True}), **_counter_fields()},
)


class CaseFact(_Where, _Counters):
    """One case's current contribution to the indicators (see the module docstring)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    procedure = models.CharField(max_length=16, blank=True)
    state = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("案件指标事实")
        verbose_name_plural = _("案件指标事实")
        indexes = [models.Index(fields=["path", "month"], name="ind_fact_path_month")]

    def __str__(self):
        return f"{self.case_id} {self.state}"


class CaseRollup(_Where, _Counters):
    """Sums of CaseFact counters per agency, month, procedure and state."""

    procedure = models.CharField(max_length=16, blank=True)
    state = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("案件指标汇总")
        verbose_name_plural = _("案件指标汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "procedure", "state"], name="ind_rollup_unique_cell"
            )
        ]
        indexes = [
            # the stages table reads only these columns: an index-only scan on PostgreSQL
            models.Index(
                fields=["month", "path"],
                include=["state", "procedure", "cases"],
                name="ind_rollup_month_path",
            ),
            # below the national level the selectors filter on the province first (in_subtree)
            models.Index(
                fields=["province", "month"],
                include=["path", "state", "procedure", "cases"],
                name="ind_rollup_prov_month",
            ),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.month:%Y-%m} {self.state}"


class AgencyMonthRollup(_Where, _Counters):
    """The same sums per agency and month only (a few thousand rows a month nationally): what the
    dashboard's table and trend read; CaseRollup keeps the stages."""

    class Meta:
        verbose_name = _("机构月度指标汇总")
        verbose_name_plural = _("机构月度指标汇总")
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="ind_agency_month_unique")
        ]
        indexes = [
            models.Index(fields=["month", "path"], name="ind_am_month_path"),
            models.Index(fields=["province", "month"], name="ind_am_prov_month"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.month:%Y-%m}"


class ProvinceRollup(_Counters):
    """The same sums per province-level agency, month, procedure and state, without the agency:
    the national stages table reads it (its size does not grow with the number of agencies)."""

    province = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField()
    procedure = models.CharField(max_length=16, blank=True)
    state = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("省级指标汇总")
        verbose_name_plural = _("省级指标汇总")
        indexes = [
            # the stages table reads only these columns: an index-only scan on PostgreSQL
            models.Index(
                fields=["month", "province"],
                include=["state", "procedure", "cases"],
                name="ind_prov_month_stages",
            )
        ]

    def __str__(self):
        return f"{self.province_id} {self.month:%Y-%m} {self.state}"


class DeadlineRollup(_Where):
    """Deadlines falling due per agency, month (of the due day) and kind (code)."""

    code = models.CharField(_("期限代码"), max_length=64)
    title = models.CharField(_("名称"), max_length=200)
    family = models.CharField(max_length=16)  # cases / measures / disclosure / other
    due = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("期限指标汇总")
        verbose_name_plural = _("期限指标汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "code"], name="ind_deadline_unique_cell"
            )
        ]
        indexes = [
            models.Index(fields=["path", "month"], name="ind_deadline_path_month"),
            models.Index(fields=["province", "month"], name="ind_deadline_prov_month"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.month:%Y-%m} {self.code}"


class RefreshMark(models.Model):
    """When a job-refreshed rollup was last computed (the page shows the lag)."""

    name = models.CharField(max_length=32, unique=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("汇总刷新时间")
        verbose_name_plural = _("汇总刷新时间")

    def __str__(self):
        return f"{self.name} {self.refreshed_at:%Y-%m-%d %H:%M}"


class SyntheticLoad(models.Model):
    """One run of `generate_national_data`: the ids it fills and how far it got, so that a re-run
    continues an interrupted load (committed chunk by chunk) instead of starting again."""

    seed = models.IntegerField()
    as_of = models.DateField()
    first_id = (
        models.BigIntegerField()
    )  # case number k of the load is the case with id first_id + k
    target = models.IntegerField()
    done = models.IntegerField(default=0)
    # CREATE INDEX statements of the secondary indexes dropped for the load, rebuilt at its end
    deferred_indexes = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("合成数据生成批次")
        verbose_name_plural = _("合成数据生成批次")

    def __str__(self):
        return f"seed {self.seed}: {self.done}/{self.target}"
