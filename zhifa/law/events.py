"""Journal event types of the law catalogue and the discretion benchmarks."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

DATA_LOADED = register_event("law.data_loaded", _("载入法律条款、裁量基准与免罚清单"))
BENCHMARK_IMPORTED = register_event("benchmark.imported", _("导入裁量基准"))
BENCHMARK_FLAGGED_OBSOLETE = register_event("benchmark.flagged_obsolete", _("裁量基准标记为失效"))
