from django.apps import AppConfig


def _evidence_count(case) -> int:
    from .models import Evidence

    return Evidence.objects.filter(case=case).count()


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "证据"

    def ready(self):
        from zhifa.cases import hooks

        from . import events  # noqa: F401

        # The cases app counts a case's evidence through this, never importing this app.
        hooks.register_counter("evidence", _evidence_count)
