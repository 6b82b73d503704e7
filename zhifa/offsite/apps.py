from django.apps import AppConfig


class OffsiteConfig(AppConfig):
    name = "zhifa.offsite"
    verbose_name = "非现场执法"

    def ready(self):
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events  # noqa: F401
        from .selectors import workbench_group
        from .services import NOTIFY_KIND

        KIND_LABELS.setdefault(NOTIFY_KIND, "非现场执法记录待审核")
        workbench.register_group_builder(workbench_group)
