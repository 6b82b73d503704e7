from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "zhifa.measures"
    verbose_name = "强制措施与涉案财物"

    def ready(self):
        from zhifa.evidence.record import register_case_subjects

        from . import events  # noqa: F401
        from .selectors import case_subjects

        # Preservations, measures and property items belong to the case's record: its status,
        # its export and its offline verification include their journal entries.
        register_case_subjects(case_subjects)
