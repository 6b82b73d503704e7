from django.apps import AppConfig


def _publish(case, *, actor, as_of, **_):
    from .services import publish_from_case

    publish_from_case(case, actor=actor, as_of=as_of)


def _remedy_concluded(case, *, remedy, actor, as_of, **_):
    from .services import on_remedy_concluded

    on_remedy_concluded(case, remedy, actor=actor, as_of=as_of)


def _on_step(sender, case, step, actor, **kwargs):
    from .services import on_step

    on_step(case, step, actor=actor)


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    verbose_name = "执法公示"

    def ready(self):
        from zhifa.cases import hooks, signals

        from . import checks, events  # noqa: F401

        # The cases app's publish_decision step makes the publication real through this hook,
        # never importing this app (zhifa/web/tests/test_import_graph.py).
        hooks.register_effect("publish_decision", _publish)
        # a reconsideration or judgment corrected the decision: the withdrawal clock starts (A26)
        hooks.register_effect("remedy_concluded", _remedy_concluded)
        signals.step_fired.connect(_on_step, dispatch_uid="disclosure.on_step")
