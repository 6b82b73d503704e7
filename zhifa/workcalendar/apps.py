from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "zhifa.workcalendar"
    verbose_name = "工作日历"
