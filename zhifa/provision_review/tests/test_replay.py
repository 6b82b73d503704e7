"""What-if replay: a proposal reports exactly the changed decisions; progress, cancel and resume;
scope; the Excel proposal goes through the law app's reader and checks."""

from decimal import Decimal

import pytest

from zhifa.core.errors import InvalidInput, NotFound, PermissionDenied
from zhifa.law.models import Benchmark
from zhifa.provision_review import selectors, services
from zhifa.provision_review.choices import ReplayStatus
from zhifa.provision_review.models import Replay, ReplayChange
from zhifa.records.models import JournalEntry

from .conftest import PROVISION, decided_case

# Zhejiang's table for 擅自挖掘公路: 轻微 ≤2 m², 一般 2–5 m², 较重 5–10 m², 严重 10–15 m²
AREAS = [1, 3, 4, 7, 12]


@pytest.fixture
def cases(world, people):
    zj = [decided_case(world.hangzhou, area_m2=a, n=i) for i, a in enumerate(AREAS)]
    zj.append(decided_case(world.ningbo, area_m2=4, n=9))
    sc = [decided_case(world.chengdu, area_m2=4, n=20)]
    return zj, sc


def zj_table():
    return Benchmark.objects.get(province__name="浙江省", provision__data_id=PROVISION)


def _levels(table, index, low, high):
    levels = {
        i: (lv.get("fine_min"), lv.get("fine_max")) for i, lv in enumerate(table.data["levels"])
    }
    levels[index] = (low, high)
    return levels


def _start(people, django_capture_on_commit_callbacks, *, user=None, low=2000, high=4000):
    user = user or people.zj_supervisor
    review = services.open_review(actor=user, provision_data_id=PROVISION)
    table = zj_table()
    with django_capture_on_commit_callbacks(execute=True):
        replay = services.start_form_replay(
            actor=user, review_id=review.pk, base_id=table.pk, levels=_levels(table, 1, low, high)
        )
    replay.refresh_from_db()
    return review, replay


def test_a_replay_reports_exactly_the_changed_decisions(
    cases, people, django_capture_on_commit_callbacks
):
    zj, sc = cases
    # given the 一般 level lowered from 3,000–5,000 to 2,000–4,000
    _review, replay = _start(people, django_capture_on_commit_callbacks)
    # then exactly the three 一般 cases (3 m², 4 m² in Hangzhou, 4 m² in Ningbo) change
    assert replay.status == ReplayStatus.DONE
    ordinary = {zj[1].pk, zj[2].pk, zj[5].pk}
    changes = ReplayChange.objects.filter(replay=replay)
    assert set(changes.values_list("case_id", flat=True)) == ordinary
    for c in changes:
        assert (c.level_before, c.level_after) == ("一般", "一般")
        assert (c.low_before, c.high_before) == (Decimal(3000), Decimal(5000))
        assert (c.low_after, c.high_after) == (Decimal(2000), Decimal(4000))
        assert c.amount_after < c.amount_before
    t = replay.tally
    assert (t["replayed"], t["changed"], t["lighter"], t["heavier"], t["failed"]) == (6, 3, 3, 0, 0)
    assert t["levels_before"] == t["levels_after"] == {"轻微": 1, "一般": 3, "较重": 1, "严重": 1}
    before = sum(Decimal(c.recommendation["suggested_amount"]) for c in zj)
    assert Decimal(t["sum_before"]) == before
    assert Decimal(t["sum_before"]) - Decimal(t["sum_after"]) == sum(
        c.amount_before - c.amount_after for c in changes
    )
    # and Sichuan's case was never replayed by Zhejiang's supervisor
    assert (replay.total, replay.done) == (6, 6)
    assert sc[0].pk not in set(changes.values_list("case_id", flat=True))
    # the table in force is untouched: a replay changes nothing in the law app
    assert zj_table().data["levels"][1]["fine_min"] == 3000
    kinds = list(
        JournalEntry.objects.filter(event_type__startswith="provision_review.").values_list(
            "event_type", flat=True
        )
    )
    assert sorted(kinds) == sorted(
        [
            "provision_review.opened",
            "provision_review.replay_started",
            "provision_review.replay_finished",
        ]
    )
    # the supervisor is told, and the review waits on them for a conclusion
    from zhifa.notifications.models import Notification
    from zhifa.workbench.selectors import workbench_for

    assert (
        Notification.objects.filter(
            user=people.zj_supervisor, kind="provision_review.replay_done"
        ).count()
        == 1
    )
    groups = {g.key: g for g in workbench_for(people.zj_supervisor).groups}
    assert groups["provision_reviews"].count == 1


def test_unchanged_proposal_changes_nothing(cases, people, django_capture_on_commit_callbacks):
    _, replay = _start(people, django_capture_on_commit_callbacks, low=3000, high=5000)
    assert replay.tally["changed"] == 0 and replay.tally["replayed"] == 6
    assert not ReplayChange.objects.filter(replay=replay).exists()


def test_progress_is_saved_per_batch_and_a_cancelled_replay_resumes_where_it_stopped(
    cases, people, django_capture_on_commit_callbacks
):
    user = people.zj_supervisor
    review = services.open_review(actor=user, provision_data_id=PROVISION)
    table = zj_table()
    # given a replay whose job has not run yet (the commit callbacks are not executed)
    with django_capture_on_commit_callbacks(execute=False):
        replay = services.start_form_replay(
            actor=user, review_id=review.pk, base_id=table.pk, levels=_levels(table, 1, 2000, 4000)
        )
    # when one batch of two runs
    services.run_replay(replay.pk, batch_size=2, max_batches=1)
    replay.refresh_from_db()
    assert (replay.status, replay.done, replay.total, replay.percent) == (
        ReplayStatus.RUNNING,
        2,
        6,
        33,
    )
    first_two = replay.cursor
    assert ReplayChange.objects.filter(replay=replay).count() == 1  # the 3 m² case
    # and the supervisor cancels: the job stops at its next batch
    services.cancel_replay(actor=user, replay_id=replay.pk)
    assert services.run_replay(replay.pk, batch_size=2).status == ReplayStatus.CANCELLED
    replay.refresh_from_db()
    assert (replay.done, replay.cursor) == (2, first_two)
    # when resumed, it carries on from the cursor and finishes; nothing is counted twice
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_replay(actor=user, replay_id=replay.pk)
    replay.refresh_from_db()
    assert (replay.status, replay.done, replay.tally["replayed"], replay.tally["changed"]) == (
        ReplayStatus.DONE,
        6,
        6,
        3,
    )
    assert ReplayChange.objects.filter(replay=replay).count() == 3
    # a finished replay is final
    with pytest.raises(Exception) as exc:
        services.resume_replay(actor=user, replay_id=replay.pk)
    assert getattr(exc.value, "code", "") == "provision_review.not_resumable"


def test_a_running_job_run_twice_does_not_count_twice(
    cases, people, django_capture_on_commit_callbacks
):
    _, replay = _start(people, django_capture_on_commit_callbacks)
    again = services.run_replay(replay.pk)  # a duplicated queue message
    assert again.status == ReplayStatus.DONE and again.tally == replay.tally


def test_scope(cases, people, world, django_capture_on_commit_callbacks):
    zj, _sc = cases
    review, replay = _start(people, django_capture_on_commit_callbacks)
    # Sichuan's supervisor sees neither the review nor the replay nor Zhejiang's figures
    with pytest.raises(NotFound):
        selectors.access_review(people.sc_supervisor, review.pk)
    with pytest.raises(NotFound):
        selectors.access_replay(people.sc_supervisor, replay.pk)
    sc_rows = selectors.provision_rows(people.sc_supervisor)
    assert [r.figures.decided for r in sc_rows] == [1]
    zj_rows = selectors.provision_rows(people.zj_supervisor)
    assert [r.figures.decided for r in zj_rows] == [6]
    assert zj_rows[0].figures.benchmark_low == 0 and zj_rows[0].figures.benchmark_high == 30000
    # the ministry sees all, and its Zhejiang-table replay covers Zhejiang's cases only
    assert [r.figures.decided for r in selectors.provision_rows(people.mot_supervisor)] == [7]
    selectors.access_review(people.mot_supervisor, review.pk)
    _, national = _start(people, django_capture_on_commit_callbacks, user=people.mot_supervisor)
    assert national.total == 6 and national.tally["changed"] == 3
    # an officer may not read; a head reads but may not write
    with pytest.raises(PermissionDenied):
        selectors.provision_rows(people.hz_officer)
    assert [r.figures.decided for r in selectors.provision_rows(people.hz_head)] == [5]
    with pytest.raises(PermissionDenied):
        services.open_review(actor=people.hz_head, provision_data_id=PROVISION)
    # the province's review is not Hangzhou's to open; its changed cases are read within scope
    with pytest.raises(NotFound):
        selectors.access_replay(people.hz_head, replay.pk)
    assert {c.case_id for c in selectors.replay_changes(people.hz_head, replay)} == {
        zj[1].pk,
        zj[2].pk,
    }
    assert {c.case_id for c in selectors.replay_changes(people.zj_supervisor, replay)} == {
        zj[1].pk,
        zj[2].pk,
        zj[5].pk,
    }


def test_a_proposal_outside_the_statute_is_refused(cases, people):
    review = services.open_review(actor=people.zj_supervisor, provision_data_id=PROVISION)
    table = zj_table()
    with pytest.raises(InvalidInput) as exc:  # 公路法 第七十六条: 30,000 at most
        services.start_form_replay(
            actor=people.zj_supervisor,
            review_id=review.pk,
            base_id=table.pk,
            levels=_levels(table, 4, 20000, 50000),
        )
    assert exc.value.code == "provision_review.proposal_illegal"
    with pytest.raises(InvalidInput) as exc:
        services.start_form_replay(
            actor=people.zj_supervisor,
            review_id=review.pk,
            base_id=table.pk,
            levels={1: ("5000", "3000")},
        )
    assert exc.value.code == "provision_review.range_inverted"
    with pytest.raises(InvalidInput):
        services.start_form_replay(
            actor=people.zj_supervisor,
            review_id=review.pk,
            base_id=table.pk,
            levels={1: ("abc", "3000")},
        )
    assert not Replay.objects.exists()


def test_an_excel_proposal_replays_like_the_form(cases, people, django_capture_on_commit_callbacks):
    from zhifa.core.discretion.parsing import parse_benchmark
    from zhifa.law.excel import write_workbook

    table = zj_table()
    record = dict(table.data)
    record["levels"] = [dict(lv) for lv in record["levels"]]
    record["levels"][1].update(fine_min=2000, fine_max=4000)
    record.pop("id", None)
    record["year"] = 2026  # the import asks for a year or a date (the table in force has neither)
    content = write_workbook([(record, parse_benchmark({**record, "id": table.key}), "")])
    review = services.open_review(actor=people.zj_supervisor, provision_data_id=PROVISION)
    with django_capture_on_commit_callbacks(execute=True):
        replay = services.start_excel_replay(
            actor=people.zj_supervisor, review_id=review.pk, filename="拟议.xlsx", content=content
        )
    replay.refresh_from_db()
    assert replay.base_id == table.pk and replay.status == ReplayStatus.DONE
    assert replay.tally["changed"] == 3


def test_a_zip_bomb_is_refused_before_reading(people, cases):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))  # a ratio no workbook has
    review = services.open_review(actor=people.zj_supervisor, provision_data_id=PROVISION)
    with pytest.raises(InvalidInput) as exc:
        services.start_excel_replay(
            actor=people.zj_supervisor,
            review_id=review.pk,
            filename="x.xlsx",
            content=buf.getvalue(),
        )
    assert exc.value.code == "provision_review.upload_unreadable"
