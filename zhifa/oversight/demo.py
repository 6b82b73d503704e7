"""Demo oversight records (made once with the sample cases, through the services): the Zhejiang
supervisor's unannounced check of the first squad with two findings, a rectification the squad
has answered (waiting for the 回头看 on zj_supervisor's to-do list) and one still open at the
second squad."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhifa.accounts.models import User

from . import services
from .choices import CheckKind, SourceKind


def load(found) -> int:
    """Records made (0 without the province supervisor or two squads of its province)."""
    supervisor = User.objects.filter(username="zj_supervisor").select_related("agency").first()
    if supervisor is None:
        return 0
    squads = [s for s in found if services.is_superior(supervisor, s.agency)]
    if len(squads) < 2:
        return 0
    first, second = squads[0], squads[1]
    today = timezone.localdate()
    check = services.record_check(
        agency=first.agency,
        kind=CheckKind.UNANNOUNCED,
        title="路面执法明察暗访",
        checked_on=today - timedelta(days=20),
        summary="在两个治超站点暗访路面执法，调阅执法记录仪视频。",
        findings=["部分执法人员未主动出示执法证件", "执法记录仪未全程开启"],
        actor=supervisor,
    )
    answered = services.open_rectification(
        agency=first.agency,
        title="执法记录仪未全程开启",
        detail="组织全员培训，逐人检查执法记录仪使用情况，报送整改报告。",
        source_kind=SourceKind.CHECK_FINDING,
        source_ref=f"{check.title}（{check.checked_on:%Y-%m-%d}）",
        finding=check.findings.order_by("id").last(),
        owner=first.head,
        due=today + timedelta(days=10),
        actor=supervisor,
    )
    services.respond(answered, actor=first.head, text="已组织培训并逐人检查，建立每日抽查制度。")
    services.open_rectification(
        agency=second.agency,
        title="投诉举报热点整改：出租车 拒载",
        source_kind=SourceKind.HOT_SPOT,
        source_ref="投诉举报热点，出租车 拒载",
        owner=second.head,
        due=today + timedelta(days=20),
        actor=supervisor,
    )
    return 3
