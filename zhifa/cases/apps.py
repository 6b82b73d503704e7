from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    verbose_name = "案件"

    def ready(self):
        from . import events  # noqa: F401
