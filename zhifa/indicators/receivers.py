"""Keep the case rollups current: every step (and a new lead, and a remedy recorded outside the steps) refreshes the
case's contribution inside the same transaction, so a figure exists exactly when its act does."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from zhifa.cases.models import Case, RemedyPeriod
from zhifa.cases.signals import step_fired
from zhifa.complaints.signals import case_link_changed

from . import services


@receiver(step_fired, dispatch_uid="indicators.step_fired")
def on_step(sender, case, step=None, actor=None, **kwargs):
    services.refresh_case(case)


@receiver(post_save, sender=Case, dispatch_uid="indicators.case_created")
def on_case_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:  # a new lead counts from the moment it is registered
        services.refresh_case(instance)


@receiver(post_save, sender=RemedyPeriod, dispatch_uid="indicators.remedy")
def on_remedy(sender, instance, **kwargs):
    services.refresh_case(instance.case)


@receiver(case_link_changed, dispatch_uid="indicators.complaint_case_link")
def on_complaint_link(sender, complaint, case_ids, **kwargs):
    for case in Case.objects.filter(pk__in=case_ids):
        services.refresh_case(case)
