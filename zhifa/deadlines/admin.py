"""Deadlines in the admin: read-only, scoped; they change only through the services (journaled)."""

from django.contrib import admin

from zhifa.accounts.admin_roles import ScopedAdminMixin
from zhifa.accounts.choices import AdminRole

from .models import Deadline, ExtensionRequest


class ExtensionInline(admin.TabularInline):
    model = ExtensionRequest
    extra = 0
    can_delete = False
    fields = ["days", "unit", "reason", "requested_by", "decision", "decided_by", "new_due"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(ScopedAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({AdminRole.SYSTEM, AdminRole.AUDIT})
    list_display = ["title", "code", "agency", "due", "state", "flag", "provisional"]
    list_filter = ["state", "flag", "provisional"]
    search_fields = ["code", "title", "subject_id"]
    list_select_related = ["agency"]
    inlines = [ExtensionInline]
