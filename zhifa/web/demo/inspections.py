"""Demo random inspections and equipment (issue 14 items 4–6): per demo prefecture, a body-worn
camera issued to its first officer, a matter within the agency's powers, three targets in its
pool, a yearly plan and its draw from a fixed, published seed. Through the services; made once
(a second run finds the plan and adds nothing)."""

from __future__ import annotations

from datetime import timedelta

from stdnum.cn import uscc

from zhifa.core.identifiers import org_code_check_digit

TARGET_NAMES = ("{city}顺达货运有限公司", "{city}安行客运有限公司", "{city}通衢物流有限公司")


def _credit_code(district: str, n: int) -> str:
    """A well-formed unified social credit code (GB 32100) for a demo company: fictitious."""
    org = f"{n:08d}"
    body = f"91{district}{org}{org_code_check_digit(org)}"
    return body + uscc.calc_check_digit(body)


def load_inspections(found, today) -> int:
    from zhifa.equipment import services as equipment
    from zhifa.equipment.models import Device
    from zhifa.inspections import selectors, services
    from zhifa.inspections.models import Plan

    made = 0
    for number, squad in enumerate(found, start=1):
        agency, head, place = squad.agency, squad.head, squad.place
        serial = f"ZFJLY-{place.key.upper()}-0001"
        if not Device.objects.filter(serial_number=serial).exists():
            device = equipment.register_device(
                agency,
                kind="body_camera",
                serial_number=serial,
                model_name="DSJ-V9",
                registered_on=today - timedelta(days=30),
                actor=head,
            )
            equipment.issue_device(
                device, officer=squad.officers[0], issued_on=today - timedelta(days=30), actor=head
            )
        sectors = sorted(selectors.agency_sectors(agency))
        region = selectors.region_of(agency)
        if Plan.objects.filter(agency=agency).exists() or not sectors or region is None:
            continue
        sector = "road_transport" if "road_transport" in sectors else sectors[0]
        matter = services.create_matter(
            agency,
            name="道路运输经营者经营行为检查",
            sector=sector,
            basis="《中华人民共和国道路运输条例》第五十八条",
            items=["经营许可证件", "车辆技术档案", "驾驶员从业资格", "安全生产管理制度"],
            actor=head,
        )
        district = place.districts[0][0]
        targets = [
            services.add_target(
                agency,
                kind="organisation",
                name=name.format(city=place.prefecture.rstrip("市")),
                id_number=_credit_code(district, number * 10 + i),
                region=region,
                address=f"{place.province}{place.prefecture}{place.districts[0][1]}{place.roads[i]}{i + 8}号",
                actor=head,
            )
            for i, name in enumerate(TARGET_NAMES)
        ]
        planned = today + timedelta(days=7)
        if planned.year != today.year:
            planned = today
        plan = services.create_plan(
            agency,
            matter=matter,
            year=planned.year,
            title=f"{planned.year}年道路运输经营者双随机抽查",
            planned_on=planned,
            target_count=2,
            targets=targets,
            inspectors=squad.officers,
            actor=head,
        )
        services.draw_plan(plan, seed=f"演示-{place.key}-{planned.year}", actor=head)
        made += 1
    return made
