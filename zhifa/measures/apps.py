from django.apps import AppConfig


def _hand_over_property(case, *, actor, as_of) -> None:
    """Seized property goes with a case transferred to the judiciary (ACL Art. 21)."""
    from .models import CaseProperty
    from .services.case import transfer_case_property

    if CaseProperty.objects.filter(case=case).exists():
        transfer_case_property(case, actor=actor, as_of=as_of)


class MeasuresConfig(AppConfig):
    name = "zhifa.measures"
    verbose_name = "强制措施与涉案财物"

    def ready(self):
        from zhifa.cases import hooks
        from zhifa.evidence.record import register_case_subjects

        from . import events  # noqa: F401
        from .selectors import active_measure_count, case_subjects
        from .services.case import release_case_measures

        # Preservations, measures and property items belong to the case's record: its status,
        # its export and its offline verification include their journal entries.
        register_case_subjects(case_subjects)
        # The cases app counts and ends the measures through these, never importing this app.
        hooks.register_counter("active_measures", active_measure_count)
        hooks.register_effect("release_measures", release_case_measures)
        hooks.register_effect("hand_over_property", _hand_over_property)
