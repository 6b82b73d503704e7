"""The demo's provision review (load_demo): Zhejiang's supervisor reviews 《公路法》第七十六条第（一）项
(擅自挖掘公路) and replays a copy of the province's table with the 一般 level lowered, through the
services, so that /provision-review/ has a finished replay with changed cases to open. Idempotent."""

from __future__ import annotations

PROVISION = "hl-76-1"
USERNAME = "zj_supervisor"


def load_demo_review() -> str | None:
    """A line for the demo's "what to try", or None when there is nothing to show."""
    from zhifa.accounts.models import User

    from . import selectors, services
    from .models import ProvisionReview

    user = (
        User.objects.filter(username=USERNAME, is_supervisor=True).select_related("agency").first()
    )
    if user is None:
        return None
    review = ProvisionReview.objects.filter(
        agency=user.agency, provision__data_id=PROVISION
    ).first()
    if review is None:
        base = selectors.base_benchmarks(user, selectors.access_provision(user, PROVISION)).first()
        if base is None or not selectors.provision_rows(user):
            return None
        review = services.open_review(actor=user, provision_data_id=PROVISION)
        levels = {
            i: (lv.get("fine_min"), lv.get("fine_max")) for i, lv in enumerate(base.data["levels"])
        }
        if len(levels) > 1 and levels[1][0]:
            levels[1] = (int(levels[1][0]) * 2 // 3, levels[1][1])  # 一般: a lower starting amount
        replay = services.start_form_replay(
            actor=user,
            review_id=review.pk,
            base_id=base.pk,
            levels=levels,
            note="演示：降低一般档起点",
        )
        services.run_replay(replay.pk)  # the job now (a second run of it does nothing)
    return f"  7. 以 {USERNAME} 登录，打开“处罚规定评估”：查看各条款的适用情况，以及拟议基准推演改变了哪些案件的裁量建议。"
