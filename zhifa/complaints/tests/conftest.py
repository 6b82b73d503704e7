import pytest
from django.core.cache import cache

from zhifa import testing
from zhifa.cases.tests.conftest import law, people  # noqa: F401 -- the case-link tests build cases
from zhifa.complaints.services import set_time_limit
from zhifa.core.complaint_flow import CATEGORIES, CLOCKS

AMOUNTS = {"transfer": 1, "accept": 1, "close": 10, "visit": 3}


def configure(province, categories=CATEGORIES):
    for category in categories:
        for clock in CLOCKS:
            set_time_limit(
                province=province,
                category=category,
                clock=clock,
                amount=AMOUNTS[clock],
                unit="working_days",
                basis="浙江省12328热线管理办法（测试值）",
                actor=None,
            )


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def zj(world):
    """Zhejiang with its clocks; the province centre takes orders in, Hangzhou handles them."""
    from zhifa.workcalendar.selectors import invalidate_calendar_cache

    invalidate_calendar_cache()
    configure(world.zhejiang)
    county = testing.make_agency(world.hangzhou, name="西湖区交通运输执法大队")
    return {
        "centre_operator": testing.make_officer(world.zhejiang).user,
        "centre_head": testing.make_user(world.zhejiang, roles=("agency_head",)),
        "unit_officer": testing.make_officer(world.hangzhou).user,
        "unit_head": testing.make_user(world.hangzhou, roles=("agency_head",)),
        "county": county,
        "county_head": testing.make_user(county, roles=("agency_head",)),
        "supervisor": testing.make_user(world.zhejiang, roles=("supervisor",)),
    }
