"""The dashboards read the replica when one is configured (a second alias mirroring the test
database exercises it), and the primary when it is off or cannot be reached."""

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext

from .test_rollups import built  # noqa: F401 -- the three cases

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _rollup_reads(ctx) -> int:
    return sum("indicators_" in q["sql"] for q in ctx.captured_queries)


def _get(client):
    data = client.get("/indicators/data.json", {"year": 2026}).json()
    drill = client.get("/indicators/cases/first_violation_rate/", {"year": 2026})
    assert drill.status_code == 200
    return data


def _read(client):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        data = _get(client)
    return data, _rollup_reads(replica), _rollup_reads(primary)


def test_dashboards_read_the_replica_when_configured(built, people, client, settings):  # noqa: F811
    client.force_login(people.head)
    settings.ZHIFA_INDICATORS_ON_REPLICA = True
    data, on_replica, on_primary = _read(client)
    assert data["cases"] == [3]  # the same figures, read from the mirror
    assert on_replica > 0 and on_primary == 0
    settings.ZHIFA_INDICATORS_ON_REPLICA = False
    data, on_replica, on_primary = _read(client)
    assert data["cases"] == [3] and on_replica == 0 and on_primary > 0


def test_an_unreachable_replica_falls_back_to_the_primary(
    built,  # noqa: F811
    people,
    client,
    settings,
    monkeypatch,
):
    client.force_login(people.head)
    settings.ZHIFA_INDICATORS_ON_REPLICA = True

    def down():
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", down)
    with CaptureQueriesContext(connections["default"]) as primary:
        data = _get(client)  # no 500: the primary answers
    assert data["cases"] == [3] and _rollup_reads(primary) > 0
