from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "zhifa.law"
    verbose_name = "法律与裁量"

    def ready(self):
        from . import events  # noqa: F401
