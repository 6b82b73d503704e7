from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "zhifa.apitokens"
    verbose_name = "接口令牌"

    def ready(self):
        from . import events  # noqa: F401
