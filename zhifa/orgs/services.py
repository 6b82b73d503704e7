"""Writes to the organisation tree. Every change is journaled in the same transaction."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from zhifa.records import journal

from .choices import AgencyKind, RegionLevel
from .errors import AgencyNameTaken, InvalidAgencyParent
from .models import Agency, Region

MINISTRY_NAME = "中华人民共和国交通运输部"
MUNICIPALITY_PREFECTURE = "市辖区"  # regions.json lists municipalities with this one entry
DIRECT_BODIES_FILE = Path(__file__).parent / "data" / "direct_bodies.json"

# Who may hang under whom: the shape of the 2021 opinion's system (部 → 省厅 → 地市执法机构, and the
# directly administered bodies straight under the ministry).
ALLOWED_PARENT_KINDS = {
    AgencyKind.PROVINCIAL_DEPARTMENT: {AgencyKind.MINISTRY},
    AgencyKind.PREFECTURE_AGENCY: {AgencyKind.PROVINCIAL_DEPARTMENT},
    AgencyKind.COUNTY_AGENCY: {AgencyKind.PREFECTURE_AGENCY},
    AgencyKind.MARITIME: {AgencyKind.MINISTRY, AgencyKind.MARITIME},
    AgencyKind.CHANGJIANG: {AgencyKind.MINISTRY, AgencyKind.CHANGJIANG},
    AgencyKind.ZHUJIANG: {AgencyKind.MINISTRY, AgencyKind.ZHUJIANG},
}


def _set_path(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent_id else "/"
    agency.path = f"{parent_path}{agency.pk}/"
    agency.depth = parent_path.count("/") - 1
    agency.save(update_fields=["path", "depth"])


@transaction.atomic
def create_agency(
    *, name: str, kind: str, parent: Agency | None, region: Region | None = None, actor=None
) -> Agency:
    """Add a unit to the tree under `parent` (only the ministry has none)."""
    name = (name or "").strip()
    if not name:
        raise InvalidAgencyParent("机构名称不能为空。", code="agency_name_required")
    if kind == AgencyKind.MINISTRY:
        if parent is not None or Agency.objects.filter(kind=AgencyKind.MINISTRY).exists():
            raise InvalidAgencyParent("交通运输部只能有一个，且位于机构树顶端。")
    elif parent is None or parent.kind not in ALLOWED_PARENT_KINDS.get(kind, set()):
        raise InvalidAgencyParent(f"“{AgencyKind(kind).label}”不能设在“{parent or '（无）'}”之下。")
    if Agency.objects.filter(parent=parent, name=name).exists():
        raise AgencyNameTaken(f"同一上级机构下已有名为“{name}”的机构。")
    agency = Agency.objects.create(name=name, kind=kind, parent=parent, region=region)
    _set_path(agency)
    journal.append(
        "agency.created",
        actor=actor,
        subject=agency,
        agency=agency,
        payload={
            "name": name,
            "kind": kind,
            "parent_id": parent.pk if parent else None,
            "region_id": region.pk if region else None,
        },
    )
    return agency


@transaction.atomic
def rename_agency(agency: Agency, *, name: str, actor) -> Agency:
    name = (name or "").strip()
    if not name:
        raise InvalidAgencyParent("机构名称不能为空。", code="agency_name_required")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)  # the stored name, not a form's
    if name == agency.name:
        return agency
    if Agency.objects.filter(parent_id=agency.parent_id, name=name).exclude(pk=agency.pk).exists():
        raise AgencyNameTaken(f"同一上级机构下已有名为“{name}”的机构。")
    old = agency.name
    agency.name = name
    agency.save(update_fields=["name"])
    journal.append(
        "agency.renamed",
        actor=actor,
        subject=agency,
        agency=agency,
        payload={"old": old, "new": name},
    )
    return agency


def provincial_department_name(province: str) -> str:
    # Municipalities call theirs 交通运输委员会 (Beijing's is 交通委员会; admins may rename).
    suffix = "交通运输委员会" if province.endswith("市") else "交通运输厅"
    return f"{province}{suffix}"


def prefecture_agency_name(province: str, prefecture: str) -> str:
    if prefecture == MUNICIPALITY_PREFECTURE:
        return f"{province}交通运输综合执法总队"
    return f"{prefecture}交通运输综合行政执法支队"


def _read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_national_tree(
    *, regions_file: Path | None = None, bodies_file: Path | None = None, actor=None
) -> dict:
    """Load regions.json and the directly administered bodies; idempotent (existing rows are kept,
    renamed agencies keep their new names). Returns counts of what exists afterwards."""
    regions = _read_json(regions_file or Path(settings.REFDATA_DIR) / "regions.json")
    bodies = _read_json(bodies_file or DIRECT_BODIES_FILE)
    created = 0

    ministry = Agency.objects.filter(kind=AgencyKind.MINISTRY).first()
    if ministry is None:
        ministry = create_agency(
            name=MINISTRY_NAME, kind=AgencyKind.MINISTRY, parent=None, actor=actor
        )
        created += 1

    for prov in regions["provinces"]:
        province, _ = Region.objects.get_or_create(
            name=prov["name"], parent=None, defaults={"level": RegionLevel.PROVINCE}
        )
        dept = Agency.objects.filter(kind=AgencyKind.PROVINCIAL_DEPARTMENT, region=province).first()
        if dept is None:
            dept = create_agency(
                name=provincial_department_name(province.name),
                kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                parent=ministry,
                region=province,
                actor=actor,
            )
            created += 1
        for pref_name in prov["prefectures"]:
            pref, _ = Region.objects.get_or_create(
                name=pref_name, parent=province, defaults={"level": RegionLevel.PREFECTURE}
            )
            if not Agency.objects.filter(kind=AgencyKind.PREFECTURE_AGENCY, region=pref).exists():
                create_agency(
                    name=prefecture_agency_name(province.name, pref_name),
                    kind=AgencyKind.PREFECTURE_AGENCY,
                    parent=dept,
                    region=pref,
                    actor=actor,
                )
                created += 1

    for body in bodies["bodies"]:
        if not Agency.objects.filter(parent=ministry, name=body["name"]).exists():
            create_agency(name=body["name"], kind=body["kind"], parent=ministry, actor=actor)
            created += 1

    counts = {
        "provinces": Region.objects.filter(level=RegionLevel.PROVINCE).count(),
        "prefectures": Region.objects.filter(level=RegionLevel.PREFECTURE).count(),
        "agencies": Agency.objects.count(),
        "created": created,
    }
    journal.append(
        "agency.tree_loaded", actor=actor, subject=ministry, agency=ministry, payload=counts
    )
    return counts
