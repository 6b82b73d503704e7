"""load_law_data: counts from the files, idempotence, all-or-nothing, obsolete flagging, journal."""

import json
import shutil
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.core.discretion import parse_benchmark
from zhifa.core.discretion.catalogue import without_duplicate_lists
from zhifa.law import services
from zhifa.law.choices import BenchmarkStatus, ExemptionKind, LawLevel, Scope
from zhifa.law.errors import InvalidLawData
from zhifa.law.models import (
    Benchmark,
    BenchmarkLevel,
    ExemptionItem,
    ExemptionList,
    FirstViolationExemption,
    Law,
    MinorViolationExemption,
    PenaltyProvision,
)
from zhifa.law.provinces import resolve_issuer
from zhifa.records.models import JournalEntry

from .conftest import AS_OF, DATA_DIR, shared


def _row_counts():
    return {
        m.__name__: m.objects.count()
        for m in (Law, PenaltyProvision, Benchmark, BenchmarkLevel, ExemptionList, ExemptionItem)
    }


def test_load_stores_every_record_of_the_three_files(law_data):
    # given the three files
    provisions = shared("provisions.json")
    benchmarks = shared("benchmarks.json")
    # duplicate no-penalty lists are left out (issue 9)
    lists = without_duplicate_lists(shared("no_penalty_lists.json"))
    assert len(lists) == len(shared("no_penalty_lists.json")) - 2

    # then every record is stored once, counted from the files themselves
    assert PenaltyProvision.objects.count() == len(provisions) == law_data.provisions
    assert Law.objects.count() == len({(p["law"], p["law_year"]) for p in provisions})
    assert Benchmark.objects.count() == len(benchmarks)
    assert BenchmarkLevel.objects.count() == sum(len(b["levels"]) for b in benchmarks)
    assert ExemptionList.objects.count() == len(lists)
    assert ExemptionItem.objects.count() == sum(len(x["items"]) for x in lists)
    # and the stored record is the source record, so the core parses exactly the file's data
    first = provisions[0]
    assert PenaltyProvision.objects.get(data_id=first["id"]).data == first


def test_each_sector_count_matches_the_file(law_data):
    provisions = shared("provisions.json")
    for sector in {p["sector"] for p in provisions}:
        expected = sum(1 for p in provisions if p["sector"] == sector)
        assert PenaltyProvision.objects.filter(sector=sector).count() == expected, sector


def test_second_load_changes_nothing(law_data):
    # given a first load
    before = _row_counts()
    ids = set(Benchmark.objects.values_list("id", "key"))
    journal_before = JournalEntry.objects.count()

    # when the same files are loaded again
    again = services.load_law_data(DATA_DIR, as_of=AS_OF)

    # then the same rows, nothing written but the journal entry of the load
    assert _row_counts() == before
    assert set(Benchmark.objects.values_list("id", "key")) == ids
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert again.newly_obsolete == []
    assert JournalEntry.objects.count() == journal_before + 1
    assert JournalEntry.objects.order_by("-id").first().event_type == "law.data_loaded"


def test_command_loads_from_the_projects_reference_data_by_default(provinces, capsys):
    # when
    call_command("load_law_data", "--as-of", "2025-06-01")

    # then
    assert PenaltyProvision.objects.count() == len(shared("provisions.json"))
    assert "已载入" in capsys.readouterr().out


def test_command_loads_from_a_given_directory(provinces, tmp_path, capsys):
    # given: a copy of the three files elsewhere
    for name in ("provisions.json", "benchmarks.json", "no_penalty_lists.json"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    # when
    call_command("load_law_data", "--data", str(tmp_path), "--as-of", "2025-06-01")
    # then
    assert PenaltyProvision.objects.count() == len(shared("provisions.json"))


def test_command_refuses_a_bad_date(provinces):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("load_law_data", "--as-of", "2025-13-01")


def test_the_load_is_journaled_with_file_digests(law_data):
    entry = JournalEntry.objects.get(event_type="law.data_loaded")
    payload = json.loads(entry.payload)
    assert payload["provisions"] == len(shared("provisions.json"))
    assert set(payload["files_sha256"]) == {
        "provisions.json",
        "benchmarks.json",
        "no_penalty_lists.json",
    }


def test_a_record_the_core_refuses_stops_the_whole_load(provinces, tmp_path):
    # given a copy of the data with one provision whose fine range is upside down
    for name in ("provisions.json", "benchmarks.json", "no_penalty_lists.json"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    provisions = shared("provisions.json")
    bad = next(p for p in provisions if p["fine_max"])
    bad["fine_min"] = bad["fine_max"] + 1
    (tmp_path / "provisions.json").write_text(json.dumps(provisions, ensure_ascii=False), "utf-8")

    # when / then
    with pytest.raises(InvalidLawData) as exc:
        services.load_law_data(tmp_path, as_of=AS_OF)
    assert exc.value.details["record_id"] == bad["id"]
    assert PenaltyProvision.objects.count() == 0
    assert JournalEntry.objects.filter(event_type="law.data_loaded").count() == 0


def test_a_missing_file_is_a_clear_error(provinces, tmp_path):
    with pytest.raises(InvalidLawData) as exc:
        services.load_law_data(tmp_path, as_of=AS_OF)
    assert exc.value.code == "law_data_missing"


def test_a_benchmark_removed_from_the_file_is_removed(law_data, tmp_path):
    # given the data without its last benchmark
    for name in ("provisions.json", "no_penalty_lists.json"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    benchmarks = shared("benchmarks.json")
    dropped = benchmarks.pop()
    (tmp_path / "benchmarks.json").write_text(json.dumps(benchmarks, ensure_ascii=False), "utf-8")

    # when
    summary = services.load_law_data(tmp_path, as_of=AS_OF)

    # then
    assert summary.removed == 1
    assert not Benchmark.objects.filter(key=parse_benchmark(dropped).id).exists()


# --- obsolete benchmarks ---------------------------------------------------------------------


def _freight_tables() -> list[str]:
    """Tables written against 道路运输条例 (2019) 第六十三条 that the core applies to freight."""
    return [
        b.id
        for b in map(parse_benchmark, shared("benchmarks.json"))
        if "rtr2023-63-1" in b.applies_to and b.provision_id != "rtr2023-63-1"
    ]


def test_pre_2022_freight_benchmarks_are_flagged_obsolete(law_data):
    # given the freight tables of the data (江西, 安徽 … written for 3万–10万)
    keys = _freight_tables()
    assert keys, "the data holds pre-2022 freight benchmarks"

    # then each is stored, flagged obsolete, with the article and the statutory maximum in the reason
    for key in keys:
        b = Benchmark.objects.get(key=key)
        assert b.status == BenchmarkStatus.OBSOLETE, key
        assert "第六十三条第（一）项" in b.obsolete_reason
        assert "10,000元" in b.obsolete_reason


def test_flagging_is_journaled_once(law_data):
    flagged = set(
        JournalEntry.objects.filter(event_type="benchmark.flagged_obsolete").values_list(
            "subject_id", flat=True
        )
    )
    assert flagged == {
        str(pk) for pk in Benchmark.objects.filter(status="obsolete").values_list("pk", flat=True)
    }
    services.load_law_data(DATA_DIR, as_of=AS_OF)
    assert JournalEntry.objects.filter(event_type="benchmark.flagged_obsolete").count() == len(
        flagged
    )


def test_before_the_revision_the_freight_tables_were_lawful(provinces):
    # when the data is checked against the statute of 2021 (the 2019 text, 3万–10万)
    services.load_law_data(DATA_DIR, as_of=date(2021, 1, 1))

    # then the freight tables are not obsolete yet
    for key in _freight_tables():
        assert Benchmark.objects.get(key=key).status == BenchmarkStatus.ACTIVE, key


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("bm-hl-74-2c39fb", "active"),  # 重庆 2022 公路法第七十四条: within 2万 / 3倍
        ("bm-hl-75-ca6e30", "active"),  # 重庆 2022 公路法第七十五条: within 5万
        ("bm-nrh-34-2-de96a2", "active"),  # 威海 2023 网约车: within 3,000–10,000
        ("bm-general-1768f9", "obsolete"),  # 北京 2024 征求意见稿 (draft)
        ("bm-rtr2019-68-87442f", "obsolete"),  # 携带营运证: penalty deleted in 2022
    ],
)
def test_status_of_named_tables(law_data, key, status):
    assert Benchmark.objects.get(key=key).status == status


def test_an_obsolete_table_always_has_a_reason(law_data):
    assert not Benchmark.objects.filter(status="obsolete", obsolete_reason="").exists()


# --- provinces, laws, exemptions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "scope", "province", "locality"),
    [
        ("甘肃", Scope.PROVINCIAL, "甘肃省", ""),
        ("重庆", Scope.PROVINCIAL, "重庆市", ""),
        ("浙江（临海市）", Scope.LOCAL, "浙江省", "临海市"),
        ("安徽（芜湖市湾沚区）", Scope.LOCAL, "安徽省", "芜湖市湾沚区"),
        ("全国（交通运输部海事局）", Scope.NATIONAL, None, "交通运输部海事局"),
        ("national", Scope.NATIONAL, None, ""),
        ("长江海事局（长江干线）", Scope.DIRECT, None, "长江海事局"),
        (None, Scope.UNKNOWN, None, ""),
        ("火星", Scope.UNKNOWN, None, "火星"),
    ],
)
def test_issuer_names_resolve_to_regions(provinces, label, scope, province, locality):
    issuer = resolve_issuer(label)
    assert issuer.scope == scope
    assert (issuer.province.name if issuer.province else None) == province
    assert issuer.locality == locality


def test_a_joint_list_belongs_to_both_provinces(law_data):
    joint = ExemptionList.objects.get(issuer__startswith="川渝")
    assert {r.name for r in joint.provinces.all()} == {"四川省", "重庆市"}


def test_law_versions_are_chained_and_ranked(law_data):
    old = Law.objects.get(name="中华人民共和国道路运输条例", version_year=2019)
    new = Law.objects.get(name="中华人民共和国道路运输条例", version_year=2023)
    assert old.superseded_by == new
    assert new.superseded_by is None
    assert new.level == LawLevel.ADMINISTRATIVE_REGULATION
    assert Law.objects.get(name="中华人民共和国公路法").level == LawLevel.LAW
    assert Law.objects.get(name="超限运输车辆行驶公路管理规定").level == LawLevel.DEPARTMENTAL_RULE
    assert old.effective_to is not None and old.effective_to < new.effective_from


def test_provision_versions_are_linked(law_data):
    old = PenaltyProvision.objects.get(data_id="rtr2019-63")
    assert set(old.superseded_by.values_list("data_id", flat=True)) == {
        "rtr2023-63-1",
        "rtr2023-63-2",
        "rtr2023-63-3",
    }


def test_exemption_items_are_sorted_into_first_violation_and_minor(law_data):
    # every stored item is one of the kinds, and both glossary proxies find theirs
    assert FirstViolationExemption.objects.exists()
    assert MinorViolationExemption.objects.exists()
    assert (
        FirstViolationExemption.objects.count()
        + MinorViolationExemption.objects.count()
        + ExemptionItem.objects.filter(kind=ExemptionKind.NO_COERCION).count()
        == ExemptionItem.objects.count()
    )
    national = ExemptionList.objects.get(scope="national", year=2021)
    assert national.items.count() == 3


def test_unattributable_benchmarks_are_examples_not_active(law_data):
    # issue 9: issuing province or document not attributable → 示例 (or 失效), never 有效
    unknown = Benchmark.objects.get(key="bm-rtr2019-63-717b13")  # "某市", province not shown
    assert unknown.status == BenchmarkStatus.EXAMPLE and unknown.get_status_display() == "示例"
    for key in ("bm-hl-76-5-99cba8", "bm-hl-76-5-cdf8b3"):  # 湖南 hearsay; "省份与年份未显示"
        assert Benchmark.objects.get(key=key).status != BenchmarkStatus.ACTIVE, key
    assert Benchmark.objects.get(key="bm-hl-76-1-da252f").status == BenchmarkStatus.ACTIVE
    assert not Benchmark.objects.filter(status=BenchmarkStatus.ACTIVE, scope=Scope.UNKNOWN).exists()
