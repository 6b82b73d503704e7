from django.apps import AppConfig


class ProvisionReviewConfig(AppConfig):
    name = "zhifa.provision_review"
    verbose_name = "处罚规定清理评估"

    def ready(self):
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events
        from .selectors import workbench_group

        KIND_LABELS.update(events.NOTIFY_LABELS)
        workbench.register_group_builder(workbench_group)
