from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhifa.evaluation"
    verbose_name = "评议考核与案卷评查"

    def ready(self):
        from zhifa.deadlines.links import SUBJECT_URLS
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events  # noqa: F401
        from .selectors import workbench_group
        from .services import NOTIFY_KIND

        KIND_LABELS.setdefault(NOTIFY_KIND, "评议考核与案卷评查待办")
        # the appeal window on the deadlines pages links to the result it is about
        SUBJECT_URLS.setdefault("evaluation.evaluation", ("evaluation:evaluation",))
        workbench.register_group_builder(workbench_group)
