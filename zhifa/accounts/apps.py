from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "zhifa.accounts"
    verbose_name = "账户"

    def ready(self):
        from . import events, signals  # noqa: F401


class ZhifaAdminConfig(admin_apps.AdminConfig):
    """The admin site answers only to the three administrators (三员分立)."""

    default = False
    default_site = "zhifa.accounts.admin_roles.ZhifaAdminSite"
