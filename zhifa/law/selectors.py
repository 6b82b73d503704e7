"""Reads of the catalogue. The law is public: every signed-in user may read all of it, so the
scope here is "signed in"; the write side (benchmark import) checks its roles in services.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from zhifa.core.errors import NotFound

from .choices import BenchmarkStatus
from .errors import NotSignedIn
from .models import (
    Benchmark,
    BenchmarkImport,
    BenchmarkLevel,
    ExemptionItem,
    ExemptionList,
    Law,
    PenaltyProvision,
)


def _require_user(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn("请先登录。")


def _conduct_words(word: str) -> Q:
    """Chinese has no spaces: "擅自挖掘" should find "擅自占用、挖掘公路". A word matches the conduct
    as a whole, or when every one of its Chinese characters occurs in it."""
    match = Q(conduct__icontains=word)
    chars = [c for c in dict.fromkeys(word) if "\u4e00" <= c <= "\u9fff"]
    if len(chars) > 1:
        every = Q()
        for c in chars:
            every &= Q(conduct__icontains=c)
        match |= every
    return match


def search_provisions(
    user, *, q: str = "", sector: str = "", law: str = "", article: str = ""
) -> QuerySet[PenaltyProvision]:
    """Provisions whose conduct, id or article contains `q`, narrowed by sector, law and article;
    conduct that contains the words as typed comes first."""
    _require_user(user)
    qs = PenaltyProvision.objects.select_related("law")
    words = q.split()[:8]
    for word in words:
        qs = qs.filter(
            _conduct_words(word[:40])
            | Q(data_id__icontains=word)
            | Q(article__icontains=word)
            | Q(violated_article__icontains=word)
            | Q(law__name__icontains=word)
        )
    if sector:
        qs = qs.filter(sector=sector)
    if law:
        qs = qs.filter(law__name__icontains=law)
    if article:
        qs = qs.filter(article__icontains=article)
    order = ["sector", "law__name", "-law__version_year", "data_id"]
    if words:
        exact = Q()
        for word in words:
            exact &= Q(conduct__icontains=word)
        qs = qs.annotate(
            exact=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        order.insert(0, "exact")
    return qs.order_by(*order)


def access_provision(user, data_id: str) -> PenaltyProvision:
    _require_user(user)
    provision = (
        PenaltyProvision.objects.select_related("law", "law__superseded_by")
        .prefetch_related("superseded_by", "supersedes")
        .filter(data_id=data_id)
        .first()
    )
    if provision is None:
        raise NotFound("未找到该处罚条款。", code="provision_not_found", details={"id": data_id})
    return provision


def law_versions(user, provision: PenaltyProvision) -> QuerySet[Law]:
    """All versions of the provision's law, newest first."""
    _require_user(user)
    return Law.objects.filter(name=provision.law.name).order_by("-version_year")


def provision_versions(user, provision: PenaltyProvision) -> tuple:
    """The engine's version chain of the conduct (predecessors and successors), oldest first."""
    from .services import current_catalogue

    _require_user(user)
    cat = current_catalogue()
    if provision.data_id not in cat.provisions:
        return ()
    return cat.versions_of(provision.data_id)


def _benchmark_qs() -> QuerySet[Benchmark]:
    return Benchmark.objects.select_related(
        "provision", "provision__law", "province"
    ).prefetch_related(Prefetch("levels", queryset=BenchmarkLevel.objects.order_by("order")))


def list_benchmarks(
    user, *, province=None, provision: str = "", status: str = ""
) -> QuerySet[Benchmark]:
    """Benchmarks of one province (a Region) or all, active ones first."""
    _require_user(user)
    qs = _benchmark_qs()
    if province is not None:
        qs = qs.filter(province=province)
    if provision:
        qs = qs.filter(Q(provision__data_id=provision) | Q(also_provisions__data_id=provision))
    if status:
        qs = qs.filter(status=status)
    return qs.distinct().order_by("status", "provision__data_id", "-year", "id")


def access_benchmark(user, benchmark_id: int) -> Benchmark:
    _require_user(user)
    benchmark = _benchmark_qs().filter(pk=benchmark_id).first()
    if benchmark is None:
        raise NotFound(
            "未找到该裁量基准。", code="benchmark_not_found", details={"id": benchmark_id}
        )
    return benchmark


def list_exemption_lists(user, *, province=None) -> QuerySet[ExemptionList]:
    _require_user(user)
    qs = ExemptionList.objects.prefetch_related(
        "provinces",
        Prefetch(
            "items", queryset=ExemptionItem.objects.select_related("provision").order_by("order")
        ),
    )
    if province is not None:
        qs = qs.filter(Q(provinces=province) | Q(scope="national")).distinct()
    return qs.order_by("scope", "-year", "id")


def active_benchmark_count(user) -> int:
    _require_user(user)
    return Benchmark.objects.filter(status=BenchmarkStatus.ACTIVE).count()


def law_names(user) -> list[str]:
    """Names of the laws in the catalogue, for a filter."""
    _require_user(user)
    return list(Law.objects.order_by("name").values_list("name", flat=True).distinct())


def provinces(user) -> QuerySet:
    """The province-level regions, for pickers."""
    from zhifa.orgs.choices import RegionLevel
    from zhifa.orgs.divisions import region_order
    from zhifa.orgs.models import Region

    _require_user(user)
    return Region.objects.filter(level=RegionLevel.PROVINCE).order_by(region_order(), "id")


def my_imports(user) -> QuerySet[BenchmarkImport]:
    _require_user(user)
    return BenchmarkImport.objects.filter(uploaded_by=user).defer("content")


def access_import(user, import_id: int) -> BenchmarkImport:
    """An upload is seen by the person who made it only."""
    _require_user(user)
    record = (
        BenchmarkImport.objects.defer("content")
        .prefetch_related("benchmarks")
        .filter(pk=import_id, uploaded_by=user)
        .first()
    )
    if record is None:
        raise NotFound("未找到该导入记录。", code="import_not_found")
    return record
