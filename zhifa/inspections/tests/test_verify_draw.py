"""Public verification of a draw (T1 Art. 20): the portal publishes the seed and the pools' keys in
the draw's order, identities masked; tools/verify_draw.py, standalone, redoes the draw offline and
agrees with zhifa/core/draw.py."""

import json
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from zhifa.core import draw as core_draw
from zhifa.inspections import services

from .conftest import USCC, make_plan, three_targets

TOOL = Path(settings.BASE_DIR) / "tools" / "verify_draw.py"


@pytest.fixture(scope="module")
def tool():
    return runpy.run_path(str(TOOL))


@pytest.mark.parametrize(
    "seed, targets, inspectors, k, per, excluded",
    [
        ("2026-浙杭-001", 5, 6, 2, 2, {}),
        ("s", 12, 4, 12, 2, {}),  # every target; keys "10", "11" sort before "2" as text
        ("种子", 30, 9, 7, 3, {"3": ["1", "2"], "*": []}),
        ("x" * 128, 1, 2, 1, 2, {}),
    ],
)
def test_the_standalone_tool_agrees_with_the_core_draw(
    tool, seed, targets, inspectors, k, per, excluded
):
    t_keys = [str(i) for i in range(1, targets + 1)]
    o_keys = [str(100 + i) for i in range(inspectors)]
    core = core_draw.draw(
        seed,
        targets=t_keys,
        inspectors=o_keys,
        target_count=k,
        inspectors_per_target=per,
        excluded={t: dict.fromkeys(v, "回避") for t, v in excluded.items()},
    )
    record = {
        "algorithm": core.algorithm,
        "seed": seed,
        "targets": [{"key": x} for x in sorted(t_keys)],
        "inspectors": [{"key": x} for x in sorted(o_keys)],
        "target_count": k,
        "inspectors_per_target": per,
        "excluded": excluded,
        "assignments": [
            {"target": a.target, "inspectors": list(a.inspectors)} for a in core.assignments
        ],
    }
    assert tool["redo"](record) == record["assignments"]
    assert tool["verify"](record) == []


def test_a_published_draw_redoes_offline_and_a_forged_one_fails(iw, tool, client, tmp_path):
    from zhifa.officers import services as officers

    targets = three_targets(iw)
    targets.append(
        services.add_target(
            iw.world.hangzhou,
            kind="person",
            name="王小明",
            id_number="33010619900101123X",
            region=iw.hz,
            address="浙江省杭州市西湖区文三路90号",
            actor=iw.head,
        )
    )
    plan = make_plan(iw, targets=targets, count=3)
    # an inspector related to a target is left out for it; the record says so by key
    services.declare_relation(iw.officers[0], targets[0], reason="亲属任职", actor=iw.head)
    officers.suspend_officer(iw.officers[1], reason="调查中", starts_on=plan.planned_on)
    services.draw_plan(plan, seed="公示-1", actor=iw.head)
    d = plan.draws.get()
    # when anyone downloads the record from the portal, without signing in
    r = client.get(f"/gongshi/inspections/draws/{d.pk}.json")
    assert r.status_code == 200
    body = r.content.decode()
    record = json.loads(body)
    # then identities are masked (no identity number, a person as 王某某) and reasons stay inside
    assert USCC not in body and "33010619900101123X" not in body and "王小明" not in body
    assert "王某某" in body and "亲属任职" not in body and "调查中" not in body
    assert [t["key"] for t in record["targets"]] == sorted(str(t.pk) for t in targets)
    assert all(str(iw.officers[1].pk) in v for v in record["excluded"].values())
    # and the offline tool redoes it from the file
    path = tmp_path / "draw.json"
    path.write_text(body, encoding="utf-8")
    assert tool["main"]([str(path)]) == 0
    # a forged result (another inspector swapped in) or a reordered pool is caught
    forged = json.loads(body)
    a = forged["assignments"][0]
    others = [o["key"] for o in forged["inspectors"] if o["key"] not in a["inspectors"]]
    a["inspectors"] = [others[0], *a["inspectors"][1:]]
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    assert tool["main"]([str(path)]) == 1
    reordered = json.loads(body)
    reordered["targets"].reverse()
    assert any("canonical order" in p for p in tool["verify"](reordered))
    # an unknown draw is a 404, not a 500
    assert client.get(f"/gongshi/inspections/draws/{d.pk + 99}.json").status_code == 404
