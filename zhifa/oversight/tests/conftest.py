"""People of the oversight tests: a provincial supervisor over 杭州, its head and officer, a
supervisor of another province, and a ministry supervisor."""

from types import SimpleNamespace

import pytest

from zhifa import testing


@pytest.fixture
def people(world):
    return SimpleNamespace(
        zj_supervisor=testing.make_user(
            world.zhejiang, roles=("supervisor",), full_name="省督查员"
        ),
        hz_head=testing.make_user(world.hangzhou, roles=("agency_head",), full_name="杭州负责人"),
        hz_officer=testing.make_user(world.hangzhou, roles=("officer",), full_name="杭州执法员"),
        nb_head=testing.make_user(world.ningbo, roles=("agency_head",), full_name="宁波负责人"),
        sc_supervisor=testing.make_user(world.sichuan, roles=("supervisor",), full_name="川督查员"),
        mot_supervisor=testing.make_user(
            world.ministry, roles=("supervisor",), full_name="部督查员"
        ),
    )
