from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "zhifa.measures"
    verbose_name = "强制措施与涉案财物"

    def ready(self):
        from . import events  # noqa: F401

        try:
            from zhifa.evidence.record import register_case_subjects
        except ImportError:  # the evidence app's case record is not there yet
            return
        from .selectors import case_subjects

        register_case_subjects(case_subjects)
