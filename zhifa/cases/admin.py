"""Read-only admin for cases: every change goes through the journaled services."""

from django.contrib import admin

from .models import Case, Document, Lead, Party, StepRecord


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("case_number", "agency", "state", "procedure", "filed_on", "next_due")
    list_filter = ("state", "procedure")
    search_fields = ("case_number", "party__name")


@admin.register(Lead)
class LeadAdmin(ReadOnly):
    list_display = ("id", "agency", "source", "received_on", "state")


@admin.register(Party)
class PartyAdmin(ReadOnly):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(StepRecord)
class StepRecordAdmin(ReadOnly):
    list_display = ("case", "label", "actor_name", "as_of", "from_state", "to_state")


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ("number", "name", "case", "issued_on", "served_on")
