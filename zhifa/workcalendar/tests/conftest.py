import pytest

from zhifa import testing
from zhifa.workcalendar.selectors import invalidate_calendar_cache


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test's database is rolled back; the per-process calendar must not outlive it."""
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@pytest.fixture
def sysadmin(world):
    return testing.make_user(world.ministry, admin_role="system")


@pytest.fixture
def officer(world):
    return testing.make_user(world.hangzhou, roles=("officer",))
