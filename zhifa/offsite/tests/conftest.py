import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.models import Agency, Region

DATA_DIR = Path(settings.REFDATA_DIR)
IMAGE = b"\xff\xd8\xff\xe0 weigh station photo \xff\xd9"


def resident_id(base17: str) -> str:
    """A resident ID with its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(base17, weights, strict=True))
    return base17 + "10X98765432"[total % 11]


@pytest.fixture
def offsite(world, settings, tmp_path):
    """Law data, an officer and a head in Hangzhou, devices in good and bad standing, one image."""
    from zhifa.law import services as law
    from zhifa.offsite import services

    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    data = json.loads((DATA_DIR / "regions.json").read_text("utf-8"))
    provinces = {
        p["name"]: Region.objects.create(name=p["name"], level=RegionLevel.PROVINCE)
        for p in data["provinces"]
    }
    Agency.objects.filter(pk=world.zhejiang.pk).update(region=provinces["浙江省"])
    Agency.objects.filter(pk=world.sichuan.pk).update(region=provinces["四川省"])
    law.load_law_data(DATA_DIR, as_of=date(2026, 1, 1))
    testing.plant_province_figures("浙江", "四川")
    head = testing.make_user(world.hangzhou, roles=("agency_head",))
    officer = testing.make_officer(world.hangzhou).user
    cd_head = testing.make_user(world.chengdu, roles=("agency_head",))
    good = {
        "approved_on": date(2025, 1, 1),
        "published_on": date(2025, 1, 10),
        "calibrated_on": date(2025, 6, 1),
        "calibration_valid_until": date(2027, 5, 31),
    }

    def device(code, agency=world.hangzhou, actor=head, **dates):
        return services.save_device(
            actor=actor,
            agency=agency,
            code=code,
            kind="weigh_station",
            name=f"{code}治超检测站",
            location="G60沪昆高速杭州段K123",
            **{**good, **dates},
        )

    devices = {
        "ok": device("ZJ-HZ-001"),
        "unpublished": device("ZJ-HZ-002", published_on=None),
        "expired": device("ZJ-HZ-003", calibration_valid_until=date(2025, 12, 31)),
        "sichuan": device("SC-CD-001", agency=world.chengdu, actor=cd_head),
    }
    image = io.BytesIO(IMAGE)
    image.name = "photo.jpg"
    files = services.store_images([image], actor=officer)
    return {
        "head": head,
        "officer": officer,
        "devices": devices,
        "files": files,
        "image": files["photo.jpg"],
    }
