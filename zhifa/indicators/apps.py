from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhifa.indicators"
    verbose_name = "监督指标"

    def ready(self):
        from . import receivers  # noqa: F401 -- keeps the case rollups current in each step
