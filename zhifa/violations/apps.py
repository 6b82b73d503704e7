from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "zhifa.violations"
    verbose_name = "违法记录索引（首违认定）"

    def ready(self):
        from . import events  # noqa: F401
