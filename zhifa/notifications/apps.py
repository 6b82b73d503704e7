from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhifa.notifications"
    verbose_name = "通知"
