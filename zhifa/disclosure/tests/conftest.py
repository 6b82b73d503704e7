"""The case tests' fixtures (Hangzhou squad, law data) reused for the publication tests."""

import pytest

from zhifa.cases.tests.conftest import fresh_calendar_cache, law, people  # noqa: F401
from zhifa.cases.tests.helpers import Api


@pytest.fixture
def api(client):
    return Api(client)
