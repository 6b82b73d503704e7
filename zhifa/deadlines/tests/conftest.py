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
def officer(world):
    return testing.make_user(world.hangzhou, roles=("officer",), full_name="王执法")


@pytest.fixture
def head(world):
    return testing.make_user(world.hangzhou, roles=("agency_head",), full_name="李负责")


@pytest.fixture
def subject(world):
    """A stand-in for a case: any saved model instance can own deadlines."""
    return testing.make_user(world.hangzhou, full_name="案件替身")
