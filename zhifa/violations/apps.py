from django.apps import AppConfig


def _violation_decided(case, *, code, as_of):
    from .services import record_from_step

    record_from_step(case, code, as_of)


def _first_violation(case, *, actor, as_of):
    from .services import first_violation_fact

    return first_violation_fact(case, actor=actor, as_of=as_of)


class ViolationsConfig(AppConfig):
    name = "zhifa.violations"
    verbose_name = "违法记录索引（首违认定）"

    def ready(self):
        from zhifa.cases import hooks

        from . import events  # noqa: F401

        # The cases app indexes decided violations and asks for the first-violation fact through
        # these, never importing this app (APL Art. 33 首违不罚).
        hooks.register_effect("violation_decided", _violation_decided)
        hooks.register_answer("first_violation", _first_violation)
