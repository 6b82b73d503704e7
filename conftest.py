"""Fixtures shared by every app's tests: a small tree with two provinces and people in each role."""

from dataclasses import dataclass

import pytest
from hypothesis import settings

from zhifa import testing

# Hypothesis's per-example deadline (200 ms) is a timing assertion: on a shared CI machine a slow
# example fails a correct property. Speed is measured in bench/, never in tests.
settings.register_profile("zhifa", deadline=None)
settings.load_profile("zhifa")

# The one browser set-up (`browser` fixture, skip without Chromium) for every app's browser tests.
pytest_plugins = ["zhifa.testing_browser"]


@dataclass
class World:
    ministry: object
    zhejiang: object
    hangzhou: object
    ningbo: object
    sichuan: object
    chengdu: object


@pytest.fixture
def world(db) -> World:
    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    sichuan = testing.make_agency(ministry, name="四川省交通运输厅")
    return World(
        ministry=ministry,
        zhejiang=zhejiang,
        hangzhou=testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队"),
        ningbo=testing.make_agency(zhejiang, name="宁波市交通运输综合行政执法支队"),
        sichuan=sichuan,
        chengdu=testing.make_agency(sichuan, name="成都市交通运输综合行政执法支队"),
    )


@pytest.fixture
def login(client):
    """Sign a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
