"""The whole-process record in the admin: read-only, and for the security auditor (安全审计员) alone.

An auditor sees the entries of their agency's subtree; the ministry's auditor also sees the system
chain (entries of no agency). Search by subject as "cases.case:1001", or by id, name or request id.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhifa.accounts.admin_roles import AdminRoleMixin
from zhifa.accounts.choices import AdminRole
from zhifa.core import hashchain

from .events import EVENT_TYPES
from .models import JournalEntry
from .verification import REASONS


class EventTypeFilter(admin.SimpleListFilter):
    title = _("事件类型")
    parameter_name = "event_type"

    def lookups(self, request, model_admin):
        return sorted(EVENT_TYPES.items())

    def queryset(self, request, queryset):
        return queryset.filter(event_type=self.value()) if self.value() else queryset


@admin.register(JournalEntry)
class JournalEntryAdmin(AdminRoleMixin, admin.ModelAdmin):
    view_roles = frozenset({AdminRole.AUDIT})
    list_display = [
        "occurred_at", "event_label", "actor_name", "agency", "subject_type", "subject_id",
        "chain", "seq",
    ]  # fmt: skip
    list_filter = [EventTypeFilter, "agency", ("occurred_at", admin.DateFieldListFilter)]
    search_fields = ["subject_id", "actor_name", "correlation_id"]
    search_help_text = _("按对象（如 cases.case:1001）、对象标识、操作人姓名或关联标识查找")
    list_select_related = ["agency"]
    ordering = ["-occurred_at", "-id"]
    show_full_result_count = False  # no second COUNT(*) over the whole table
    readonly_fields = ["integrity"]
    fields = [
        "integrity", "event_type", "occurred_at", "actor", "actor_name", "agency", "subject_type",
        "subject_id", "correlation_id", "payload", "chain", "seq", "algorithm", "payload_digest",
        "prev_hash", "entry_hash",
    ]  # fmt: skip

    def get_queryset(self, request):
        agency = request.user.agency
        scoped = Q(agency__path__startswith=agency.path)
        if agency.parent_id is None:  # the ministry's auditor also reads the system chain
            scoped |= Q(agency__isnull=True)
        return super().get_queryset(request).filter(scoped)

    def get_search_results(self, request, queryset, search_term):
        subject_type, sep, subject_id = search_term.strip().rpartition(":")
        if sep and "." in subject_type and subject_id:
            return queryset.filter(subject_type=subject_type, subject_id=subject_id), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("事件"), ordering="event_type")
    def event_label(self, entry):
        return entry.event_label

    @admin.display(description=_("本条校验"))
    def integrity(self, entry):
        """The entry against its own hashes; a chain check (verify_journal) also sees deletions."""
        broken = hashchain.check_entry(entry.as_chain_entry())
        return _("本条完整") if broken is None else REASONS[broken.reason]
