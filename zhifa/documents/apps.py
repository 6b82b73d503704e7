from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    verbose_name = "文书"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from zhifa.notifications.choices import KIND_LABELS

        from . import events, receivers, services  # noqa: F401

        # the hand-off notices of a correction or a withdrawal, named beside the others
        KIND_LABELS.update(
            {services.NOTICE_CORRECTED: _("文书已更正"), services.NOTICE_WITHDRAWN: _("文书已撤回")}
        )
