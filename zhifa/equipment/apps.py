from django.apps import AppConfig


class EquipmentConfig(AppConfig):
    name = "zhifa.equipment"
    verbose_name = "执法装备"

    def ready(self):
        from . import events  # noqa: F401
