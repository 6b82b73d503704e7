"""Item 7: the monitor flags a planted outlier among decided fines of one provision and level,
shows the agency's deviation rate, and a supervisor's conclusion opens a rectification."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.oversight import selectors, services
from zhifa.oversight.models import FlagReview, Rectification
from zhifa.oversight.tests.conftest import decided


@pytest.fixture
def planted(world, provision):
    normal = [
        decided(world.hangzhou, provision, amount)
        for amount in ("7000", "7000", "7500", "6500", "7000")
    ] + [decided(world.ningbo, provision, amount) for amount in ("7200", "6800")]
    outlier = decided(world.ningbo, provision, "9900")  # inside the range, far from the rest
    beyond = decided(world.hangzhou, provision, "15000")  # beyond the benchmark range
    other_level = [decided(world.hangzhou, provision, "15000", level="严重") for _ in range(3)]
    return normal, outlier, beyond, other_level


def test_the_monitor_flags_the_planted_outliers(people, planted):
    _normal, outlier, beyond, _other_level = planted
    monitor = selectors.fine_monitor(people.zj_supervisor)
    groups = {g.level: g for g in monitor.groups}
    assert set(groups) == {"较重", "严重"}
    heavy = groups["较重"]
    assert heavy.spread.count == 9 and heavy.spread.agencies == 2
    assert heavy.spread.median == Decimal("7000")
    flagged = {row.case.pk: row.flag.reasons for row in heavy.flags}
    assert flagged == {outlier.pk: ("dispersion",), beyond.pk: ("outside_range", "dispersion")}
    assert [(a.name[:2], n, med, low, high) for a, n, med, low, high in heavy.by_agency] == [
        ("杭州", 6, Decimal("7000"), Decimal("6500"), Decimal("15000")),
        ("宁波", 3, Decimal("7200"), Decimal("6800"), Decimal("9900")),
    ]
    assert groups["严重"].flags == []  # the same 15000 at a higher level is not out of line
    # outside the recommended range (较重 6000–8000, 严重 12000–16000): hangzhou's 15000 at 较重,
    # ningbo's 9900
    rates = {r.agency.name[:2]: (r.decided, r.deviated, r.percent) for r in monitor.rates}
    assert rates == {"杭州": (9, 1, "11.1%"), "宁波": (3, 1, "33.3%")}


def test_scope_of_the_monitor(people, planted, world):
    assert selectors.fine_monitor(people.sc_supervisor).groups == []
    assert selectors.fine_monitor(people.hz_officer).groups == []  # officers do not supervise
    # the ningbo head sees ningbo only: 3 decisions, not enough for the dispersion rule
    [group] = [g for g in selectors.fine_monitor(people.nb_head).groups if g.level == "较重"]
    assert group.spread.count == 3 and group.flags == []


def test_a_conclusion_per_flag(people, planted, world, login):
    _, outlier, beyond, _ = planted
    client = login(people.zj_supervisor)
    page = client.get("/oversight/fines/").content.decode()
    assert "提示 2 件，其中待核查 2 件" in page and outlier.case_number in page
    flag_page = client.get(f"/oversight/fines/{outlier.pk}/").content.decode()
    assert "罚款数额明显偏离同条款同阶次案件的中位数" in flag_page and "7000" in flag_page
    r = client.post(
        f"/oversight/fines/{outlier.pk}/",
        {"conclusion": "justified", "note": "情节复杂，已集体讨论"},
    )
    assert r.status_code == 302
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    r = client.post(
        f"/oversight/fines/{beyond.pk}/",
        {"conclusion": "rectification", "note": "超出基准未经批准", "due": due},
    )
    assert r.status_code == 302
    rect = Rectification.objects.get()
    assert (rect.agency, rect.source_kind, rect.owner) == (
        world.hangzhou,
        "fine_dispersion",
        people.hz_head,
    )
    assert FlagReview.objects.get(case=beyond).rectification == rect
    assert "待核查 0 件" in client.get("/oversight/fines/").content.decode()
    with pytest.raises(DomainError) as exc:
        services.conclude_flag(
            case=outlier,
            reasons=[],
            conclusion="justified",
            note="再来",
            actor=people.zj_supervisor,
        )
    assert exc.value.code == "fine_flag_already_reviewed"
    # a case without a flag has no conclusion page
    assert client.get(f"/oversight/fines/{planted[0][0].pk}/").status_code == 404
