import pytest
from django.core.management import CommandError, call_command

from zhifa.accounts.models import User


def test_create_admin(world, monkeypatch):
    monkeypatch.setenv("ZHIFA_ADMIN_PASSWORD", "Admin-Password-2026")
    call_command("create_admin", "root_sys", full_name="系统管理员", role="system")
    user = User.objects.get(username="root_sys")
    assert (user.admin_role, user.agency, user.is_staff) == ("system", world.ministry, True)


def test_create_admin_refuses_a_weak_password(world, monkeypatch):
    monkeypatch.setenv("ZHIFA_ADMIN_PASSWORD", "weak")
    with pytest.raises(CommandError):
        call_command("create_admin", "root_sec", full_name="安全管理员", role="security")
    assert not User.objects.filter(username="root_sec").exists()
