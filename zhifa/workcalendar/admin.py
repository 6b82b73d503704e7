"""The calendar in the admin: every administrator reads it; the system administrator imports a year.

Rows are never edited or deleted here: a year changes only by importing its notice again (with
"replace"), through the same service as the command, so every change is checked and journaled.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from zhifa.accounts.admin_roles import AdminRoleMixin
from zhifa.accounts.choices import AdminRole
from zhifa.core.errors import DomainError

from . import services
from .forms import ImportForm
from .models import CalendarYear, WorkCalendar

ALL_ADMINS = frozenset(AdminRole.values) - {""}


class WorkCalendarInline(admin.TabularInline):
    model = WorkCalendar
    fields = ["date", "is_workday", "name"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return bool(getattr(request.user, "admin_role", ""))


@admin.register(CalendarYear)
class CalendarYearAdmin(AdminRoleMixin, admin.ModelAdmin):
    view_roles = ALL_ADMINS
    list_display = [
        "year",
        "source",
        "holiday_count",
        "workday_count",
        "imported_at",
        "imported_by",
    ]
    readonly_fields = ["year", "source", "imported_at", "imported_by"]
    inlines = [WorkCalendarInline]

    @admin.display(description="放假天数")
    def holiday_count(self, obj):
        return obj.days.filter(is_workday=False).count()

    @admin.display(description="调休上班天数")
    def workday_count(self, obj):
        return obj.days.filter(is_workday=True).count()

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="workcalendar_calendaryear_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": self._may_import(request)}
        return super().changelist_view(request, extra_context)

    def _may_import(self, request) -> bool:
        return self._role(request) == AdminRole.SYSTEM

    def import_view(self, request):
        """Upload a year's notice as CSV; every bad row is listed, nothing is half-imported."""
        if not self._may_import(request):
            raise PermissionDenied(_("只有系统管理员可以导入工作日历。"))
        form = ImportForm(request.POST or None, request.FILES or None)
        file_errors = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                row = services.import_calendar_csv(
                    content=upload.read(),
                    year=data["year"],
                    source=data["source"],
                    actor=request.user,
                    replace=data["replace"],
                    filename=upload.name,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                file_errors = exc.details.get("errors", [])
            else:
                messages.success(
                    request,
                    _("已导入 %(y)d 年放假安排：放假 %(h)d 天，调休上班 %(w)d 天。")
                    % {
                        "y": row.year,
                        "h": row.days.filter(is_workday=False).count(),
                        "w": row.days.filter(is_workday=True).count(),
                    },
                )
                return HttpResponseRedirect(
                    reverse("admin:workcalendar_calendaryear_change", args=[row.year])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入年度放假安排"),
            "form": form,
            "file_errors": file_errors,
        }
        return render(request, "admin/workcalendar/calendaryear/import.html", context)
