from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "zhifa.officers"
    verbose_name = "执法人员"

    def ready(self):
        from . import events  # noqa: F401
