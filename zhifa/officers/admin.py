"""Officer records in the admin: read-only there; they change through the services (journaled)."""

from django.contrib import admin

from zhifa.accounts.admin_roles import ScopedAdminMixin
from zhifa.accounts.choices import AdminRole

from .models import Certificate, Officer, Suspension

ALL_ADMINS = frozenset(AdminRole.values) - {""}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fields = ["number", "kind", "issuing_body", "issued_on", "valid_until", "status"]


class SuspensionInline(ReadOnlyInline):
    model = Suspension
    fields = ["reason", "starts_on", "ends_on", "lifted_on", "lifted_reason"]


@admin.register(Officer)
class OfficerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_field = "user__agency"
    view_roles = ALL_ADMINS
    list_display = ["__str__", "badge_number", "user"]
    search_fields = ["user__full_name", "user__username", "badge_number"]
    list_select_related = ["user"]
    inlines = [CertificateInline, SuspensionInline]
