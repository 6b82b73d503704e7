from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "zhifa.workcalendar"
    verbose_name = "工作日历"

    def ready(self):
        # The time-limit registry is checked at start-up (style.md item 5): a period typed in the
        # wrong unit stops the process here instead of miscounting a case later.
        from zhifa.core.time_limits import registry

        registry()
