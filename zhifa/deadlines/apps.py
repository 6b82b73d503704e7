from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "zhifa.deadlines"
    verbose_name = "期限"

    def ready(self):
        from . import events  # noqa: F401
