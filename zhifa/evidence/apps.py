from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "证据"

    def ready(self):
        from . import events  # noqa: F401
