"""A province and a prefecture with regions, heads and fit officers; a USCC target in Hangzhou."""

from dataclasses import dataclass
from datetime import date

import pytest

from zhifa import testing
from zhifa.orgs.models import Agency, Region

USCC = "91330100716105852F"
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 200
    + b"\xff\xd9"
)


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")


@dataclass
class IW:
    world: object
    zj: object  # Region 浙江省
    hz: object  # Region 杭州市
    nb: object  # Region 宁波市
    head: object  # Hangzhou head
    province_head: object  # Zhejiang head
    officers: list  # four Hangzhou officers
    province_officers: list


@pytest.fixture
def iw(world) -> IW:
    zj = Region.objects.create(name="浙江省", level="province")
    hz = Region.objects.create(name="杭州市", level="prefecture", parent=zj)
    nb = Region.objects.create(name="宁波市", level="prefecture", parent=zj)
    Agency.objects.filter(pk=world.zhejiang.pk).update(region=zj)
    Agency.objects.filter(pk=world.hangzhou.pk).update(region=hz)
    Agency.objects.filter(pk=world.ningbo.pk).update(region=nb)
    for a in (world.zhejiang, world.hangzhou, world.ningbo):
        a.refresh_from_db()
    return IW(
        world=world,
        zj=zj,
        hz=hz,
        nb=nb,
        head=testing.make_user(world.hangzhou, roles=("agency_head",), full_name="杭负责人"),
        province_head=testing.make_user(
            world.zhejiang, roles=("agency_head",), full_name="省负责人"
        ),
        officers=[
            testing.make_officer(world.hangzhou, full_name=f"杭执法{i}", issued_on=date(2020, 1, 1))
            for i in range(4)
        ],
        province_officers=[
            testing.make_officer(world.zhejiang, full_name=f"省执法{i}") for i in range(2)
        ],
    )


def make_plan(iw, agency=None, head=None, officers=None, targets=None, count=1, **kw):
    from zhifa.inspections import services

    agency, head = agency or iw.world.hangzhou, head or iw.head
    matter = services.create_matter(
        agency,
        name=kw.pop("matter_name", "道路运输企业安全生产检查"),
        sector="road_transport",
        basis="《中华人民共和国道路运输条例》第六十八条",
        items=["经营资质", "车辆技术档案", "驾驶员从业资格"],
        actor=head,
    )
    if targets is None:
        targets = [
            services.add_target(
                agency,
                kind="organisation",
                name="杭州某运输有限公司",
                id_number=USCC,
                region=iw.hz,
                address="浙江省杭州市西湖区文三路90号",
                actor=head,
            )
        ]
    return services.create_plan(
        agency,
        matter=matter,
        year=kw.pop("year", 2026),
        title=kw.pop("title", "2026年道路运输企业双随机抽查"),
        planned_on=kw.pop("planned_on", date(2026, 6, 1)),
        target_count=count,
        targets=targets,
        inspectors=officers or iw.officers,
        actor=head,
        **kw,
    )


def three_targets(iw):
    """Three companies in Hangzhou's pool (a pool to draw from)."""
    from zhifa.inspections import services

    return [
        services.add_target(
            iw.world.hangzhou,
            kind="organisation",
            name=f"杭州某物流{i}有限公司",
            id_number=code,
            region=iw.hz,
            actor=iw.head,
        )
        for i, code in enumerate(["91330100MA27XK4N5H", "91330100MA2CFCQ526", USCC])
    ]
