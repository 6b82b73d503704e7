from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhifa.web"
    verbose_name = "页面"

    def ready(self):
        from zhifa import nodes  # noqa: F401  (registers the deploy check of shared cache and sessions)
