# The case tests' world: the Hangzhou squad, 成都, the law data with the provinces' regions.
from zhifa.cases.tests.conftest import fresh_calendar_cache, law, people  # noqa: F401
