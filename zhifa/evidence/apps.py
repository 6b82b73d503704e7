from django.apps import AppConfig


def _evidence_count(case) -> int:
    from .models import Evidence

    return Evidence.objects.filter(case=case).count()


def _recording_satisfied(case, *, act) -> bool:
    from .selectors import check_recording

    return check_recording(case, act).satisfied


def _require_recording(case, *, act):
    from .selectors import require_recording

    return require_recording(case, act)


def _recordings_of_act(case, *, act, after=None, until=None, exclude=()):
    from .selectors import recordings_of_act

    return recordings_of_act(case, act, after=after, until=until, exclude=exclude)


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "证据"

    def ready(self):
        from zhifa.cases import hooks

        from . import events  # noqa: F401

        # The cases app counts a case's evidence through this, never importing this app.
        hooks.register_counter("evidence", _evidence_count)
        # ... and asks whether a mandatory audio-video record is attached (legal.md §B.4).
        hooks.register_answer("recording_satisfied", _recording_satisfied)
        hooks.register_answer("require_recording", _require_recording)
        # ... and which recordings film this occurrence of a repeated act (a resumed execution)
        hooks.register_answer("recordings_of_act", _recordings_of_act)
