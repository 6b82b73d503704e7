from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "zhifa.workbench"
    verbose_name = "待办"

    def ready(self):
        from zhifa.notifications.choices import KIND_LABELS

        from . import kinds, receivers  # noqa: F401 -- connects the hand-off receivers

        # the notifications app names the kinds it shows; register ours beside its own
        KIND_LABELS.update(kinds.LABELS)
