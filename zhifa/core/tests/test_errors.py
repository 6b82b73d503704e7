"""An app's error declared in one line keeps its code and status; subclasses inherit them."""

import pytest

from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound


class _Gone(NotFound, code="thing_gone"): ...


class _Busy(Conflict, code="thing_busy", status=423): ...


class _StillBusy(_Busy): ...


@pytest.mark.parametrize(
    ("cls", "code", "status"),
    [
        (_Gone, "thing_gone", 404),
        (_Busy, "thing_busy", 423),
        (_StillBusy, "thing_busy", 423),
        (InvalidInput, "invalid_input", 422),
        (DomainError, "domain_error", 400),
    ],
)
def test_code_and_status_declared_in_the_class_line(cls, code, status):
    assert (cls.code, cls.status) == (code, status)
    error = cls("出错了")
    assert (error.code, error.status, error.message) == (code, status, "出错了")


def test_a_code_given_when_raised_overrides_the_class_code():
    assert _Gone("没有了", code="other_code").code == "other_code"
    assert _Gone.code == "thing_gone"
