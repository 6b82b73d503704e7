"""Past one machine (issue 15 item 6): the replica router sends only reads that declared they may lag
to the replica, and `check --deploy` flags a cache or session store that stays on one node."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from zhifa.accounts.models import User
from zhifa.nodes import ReplicaRouter, reads_may_lag, shared_state_crosses_nodes


@pytest.fixture
def replica(monkeypatch):
    """A `replica` alias as DATABASE_REPLICA_URL would declare it (the router only looks it up)."""
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))


def test_without_a_replica_every_read_goes_to_the_primary(monkeypatch):
    monkeypatch.delitem(settings.DATABASES, "replica", raising=False)  # DATABASE_REPLICA_URL unset
    with reads_may_lag():
        assert User.objects.all().db == "default"


def test_reads_go_to_the_replica_only_inside_a_may_lag_block(replica):
    assert User.objects.all().db == "default"
    with reads_may_lag():
        assert User.objects.all().db == "replica"
        with reads_may_lag():  # nested blocks keep it
            assert User.objects.all().db == "replica"
        assert User.objects.all().db == "replica"
    assert User.objects.all().db == "default"  # and it ends with the block


def test_may_lag_ends_even_when_the_block_raises(replica):
    with pytest.raises(ValueError), reads_may_lag():
        raise ValueError
    assert User.objects.all().db == "default"


@pytest.mark.django_db(transaction=True)
def test_inside_a_write_transaction_reads_stay_on_the_primary(replica):
    with reads_may_lag():
        assert User.objects.all().db == "replica"
        with transaction.atomic():
            assert User.objects.all().db == "default"


@pytest.mark.parametrize(
    ("method", "args", "expected"),
    [
        ("db_for_write", (User,), "default"),
        ("allow_migrate", ("default", "accounts"), None),
        ("allow_migrate", ("replica", "accounts"), False),
        ("allow_relation", (User(), User()), True),
    ],
)
def test_writes_and_migrations_stay_on_the_primary(replica, method, args, expected):
    with reads_may_lag():
        assert getattr(ReplicaRouter(), method)(*args) == expected


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
DB = "django.contrib.sessions.backends.db"
CACHED_DB = "django.contrib.sessions.backends.cached_db"
CACHE = "django.contrib.sessions.backends.cache"
FILE = "django.contrib.sessions.backends.file"


@pytest.mark.parametrize(
    ("caches", "engine", "expected"),
    [
        (REDIS, CACHED_DB, []),
        (REDIS, DB, []),
        (REDIS, CACHE, []),
        (LOCMEM, DB, ["zhifa.nodes.W001"]),
        (LOCMEM, CACHED_DB, ["zhifa.nodes.W001", "zhifa.nodes.W002"]),
        (LOCMEM, CACHE, ["zhifa.nodes.W001", "zhifa.nodes.W002"]),
        (REDIS, FILE, ["zhifa.nodes.W002"]),
    ],
)
def test_deploy_check_flags_what_stays_on_one_node(caches, engine, expected):
    with override_settings(CACHES=caches, SESSION_ENGINE=engine):
        assert [w.id for w in shared_state_crosses_nodes()] == expected
