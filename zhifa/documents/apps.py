from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    verbose_name = "文书"

    def ready(self):
        from . import events, receivers  # noqa: F401
