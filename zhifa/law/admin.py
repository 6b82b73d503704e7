"""Admin views of the catalogue: read-only, because every change goes through a journaled service
(load_law_data, the Excel import)."""

from django.contrib import admin

from .models import (
    Benchmark,
    BenchmarkImport,
    BenchmarkLevel,
    ExemptionItem,
    ExemptionList,
    FirstViolationExemption,
    Law,
    MinorViolationExemption,
    PenaltyProvision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Law)
class LawAdmin(ReadOnlyAdmin):
    list_display = ("name", "version_year", "level", "effective_from", "effective_to")
    list_filter = ("level",)
    search_fields = ("name",)


@admin.register(PenaltyProvision)
class PenaltyProvisionAdmin(ReadOnlyAdmin):
    list_display = ("data_id", "law", "article", "conduct", "sector", "fine_min", "fine_max")
    list_filter = ("sector", "law__name", "unconfirmed")
    search_fields = ("data_id", "conduct", "article", "law__name")
    list_select_related = ("law",)


class BenchmarkLevelInline(ReadOnlyInline):
    model = BenchmarkLevel
    fields = (
        "order",
        "label",
        "tier",
        "conditions_zh",
        "conditions",
        "fine_min",
        "fine_max",
        "gain_multiple_min",
        "gain_multiple_max",
        "notes",
    )


@admin.register(Benchmark)
class BenchmarkAdmin(ReadOnlyAdmin):
    list_display = ("document", "provision", "issuer", "province", "version", "status", "origin")
    list_filter = ("status", "origin", "scope", "province")
    search_fields = ("document", "key", "issuer", "provision__data_id")
    list_select_related = ("provision__law", "province")
    inlines = [BenchmarkLevelInline]


class ExemptionItemInline(ReadOnlyInline):
    model = ExemptionItem
    fields = ("order", "kind", "conduct", "basis", "provision", "conditions_zh")


@admin.register(ExemptionList)
class ExemptionListAdmin(ReadOnlyAdmin):
    list_display = ("document", "scope", "issuer", "year", "effective_from")
    list_filter = ("scope",)
    search_fields = ("document", "issuer")
    inlines = [ExemptionItemInline]


@admin.register(FirstViolationExemption)
class FirstViolationExemptionAdmin(ReadOnlyAdmin):
    list_display = ("conduct", "exemption_list", "provision")
    search_fields = ("conduct",)


@admin.register(MinorViolationExemption)
class MinorViolationExemptionAdmin(ReadOnlyAdmin):
    list_display = ("conduct", "exemption_list", "provision")
    search_fields = ("conduct",)


@admin.register(BenchmarkImport)
class BenchmarkImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "uploaded_by", "status", "created_at", "finished_at")
    list_filter = ("status",)
    exclude = ("content",)
