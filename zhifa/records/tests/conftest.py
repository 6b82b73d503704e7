import pytest

from zhifa.accounts.models import User
from zhifa.orgs.models import Agency


@pytest.fixture
def ministry(db):
    return Agency.objects.create(name="交通运输部", kind="ministry")


@pytest.fixture
def agency(ministry):
    return Agency.objects.create(
        name="某市交通运输综合行政执法支队", kind="prefecture_agency", parent=ministry
    )


@pytest.fixture
def other_agency(ministry):
    return Agency.objects.create(
        name="另一市交通运输综合行政执法支队", kind="prefecture_agency", parent=ministry
    )


@pytest.fixture
def officer(agency):
    return User.objects.create_user(
        username="zhangsan", password="x" * 12, full_name="张三", agency=agency, is_officer=True
    )


@pytest.fixture
def auditor(ministry):
    return User.objects.create_user(
        username="auditor",
        password="Audit-pass-123",
        full_name="审计员",
        agency=ministry,
        admin_role="audit",
        is_staff=True,
    )
