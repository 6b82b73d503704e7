from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "zhifa.measures"
    verbose_name = "强制措施与涉案财物"
