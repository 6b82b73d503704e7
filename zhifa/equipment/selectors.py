"""Reads of enforcement equipment, scoped to the caller's agency subtree."""

from django.db.models import Prefetch, QuerySet

from zhifa.core.errors import NotFound
from zhifa.orgs.selectors import scope_filter

from .models import Device, DeviceIssue


def visible_devices(user) -> QuerySet[Device]:
    return (
        Device.objects.filter(scope_filter(user, "agency"))
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "issues",
                queryset=DeviceIssue.objects.select_related("officer__user").order_by(
                    "-issued_on", "-id"
                ),
            )
        )
    )


def access_device(user, device_id: int) -> Device:
    device = visible_devices(user).filter(pk=device_id).first()
    if device is None:
        raise NotFound("执法装备不存在或无权查看。")
    return device


def access_issue(user, issue_id: int) -> DeviceIssue:
    issue = (
        DeviceIssue.objects.filter(scope_filter(user, "device__agency"))
        .select_related("device__agency", "officer__user")
        .filter(pk=issue_id)
        .first()
    )
    if issue is None:
        raise NotFound("配发记录不存在或无权查看。")
    return issue
