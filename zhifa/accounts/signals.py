"""Sign-ins and lockouts go into the journal of the user's agency (全过程记录 covers access too)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from zhifa.records import journal

from .models import User


@receiver(user_logged_in)
def journal_login(sender, request, user, **kwargs):
    journal.append(
        "user.login",
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"ip": request.META.get("REMOTE_ADDR", "") if request else ""},
    )


@receiver(user_locked_out)
def journal_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username=username).select_related("agency").first()
    if user is not None:
        journal.append(
            "user.locked_out",
            actor=None,
            subject=user,
            agency=user.agency,
            payload={"username": username, "ip": ip_address or ""},
        )
