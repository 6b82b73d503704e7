from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhifa.orgs"
    verbose_name = "组织机构"

    def ready(self):
        from . import events  # noqa: F401
