"""In-app notifications (站内通知): one row per person told about something."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one user: what happened, a link to it, and whether it was read.

    `subject_type`/`subject_id` name the object it is about ("cases.case", "42"), as the journal
    does, so a page can list a case's notifications without a foreign key into every app.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    subject_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    subject_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "read_at", "-created_at"], name="notification_user_unread"
            ),
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]

    def __str__(self):
        return f"{self.title}（{self.user_id}）"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
