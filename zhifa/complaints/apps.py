from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "zhifa.complaints"
    verbose_name = "投诉举报"

    def ready(self):
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events  # noqa: F401
        from .selectors import workbench_group
        from .services import NOTIFY_KIND

        KIND_LABELS.setdefault(NOTIFY_KIND, "投诉举报工单待办")
        workbench.register_group_builder(workbench_group)
