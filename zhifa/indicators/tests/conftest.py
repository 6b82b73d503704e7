"""The case tests' fixtures (Hangzhou people, the law data), reused: the indicators count what the
cases app records, so the fixtures build cases the way the cases tests do, through the API."""

import pytest

from zhifa.cases.tests.conftest import fresh_calendar_cache, law, people  # noqa: F401
from zhifa.cases.tests.helpers import Api


@pytest.fixture
def api(client):
    return Api(client)
