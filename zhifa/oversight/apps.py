from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhifa.oversight"
    verbose_name = "执法监督"

    def ready(self):
        from zhifa.deadlines.rules import PASSED_IN_TITLES
        from zhifa.notifications.choices import KIND_LABELS
        from zhifa.workbench import selectors as workbench

        from . import events  # noqa: F401
        from .selectors import workbench_group
        from .services import DEADLINE_CODE, DEADLINE_TITLE, NOTIFY_KIND

        KIND_LABELS.setdefault(NOTIFY_KIND, "执法监督待办")
        # The rectification deadline is a date the checker sets (no registry rule): its title.
        PASSED_IN_TITLES.setdefault(DEADLINE_CODE, DEADLINE_TITLE)
        workbench.register_group_builder(workbench_group)
