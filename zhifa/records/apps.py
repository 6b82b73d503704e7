from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "zhifa.records"
    verbose_name = "全过程记录"

    def ready(self):
        from . import checks  # noqa: F401
