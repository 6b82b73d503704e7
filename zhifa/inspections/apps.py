from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhifa.inspections"
    verbose_name = "行政检查"

    def ready(self):
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events
        from .selectors import workbench_group

        KIND_LABELS.update(events.NOTIFY_LABELS)
        workbench.register_group_builder(workbench_group)
