"""Django admin under 三员分立: which administrator may view, add or change which model.

The admin site is for the three administrators only; business users work in the pages. Each ModelAdmin
names the admin roles that may view and change it, and saves through the services so that every change
is checked and journaled like any other.
"""

from django.contrib import admin


class AdminRoleMixin:
    view_roles: frozenset[str] = frozenset()
    change_roles: frozenset[str] = frozenset()
    add_roles: frozenset[str] = frozenset()

    def _role(self, request) -> str:
        user = request.user
        return user.admin_role if user.is_active and user.is_authenticated else ""

    def has_module_permission(self, request):
        return self._role(request) in self.view_roles | self.change_roles

    def has_view_permission(self, request, obj=None):
        return self._role(request) in self.view_roles | self.change_roles

    def has_change_permission(self, request, obj=None):
        return self._role(request) in self.change_roles

    def has_add_permission(self, request):
        return self._role(request) in self.add_roles

    def has_delete_permission(self, request, obj=None):
        return False  # records are ended by a service (deactivate, revoke, lift), never deleted


class ScopedAdminMixin(AdminRoleMixin):
    """Limits the change list to the administrator's agency subtree. `scope_field` is the path to the
    Agency of each row."""

    scope_field = "agency"  # "" when the rows are agencies themselves

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        lookup = f"{self.scope_field}__path__startswith" if self.scope_field else "path__startswith"
        return qs.filter(**{lookup: request.user.agency.path})


class ZhifaAdminSite(admin.AdminSite):
    site_header = "执法平台 · 系统管理"
    site_title = "执法平台管理"
    index_title = "三员管理"

    def has_permission(self, request):
        return (
            request.user.is_active
            and request.user.is_authenticated
            and bool(request.user.admin_role)
        )
