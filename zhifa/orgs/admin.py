"""The organisation tree in the admin: the system administrator renames and adds agencies."""

from django import forms
from django.contrib import admin

from zhifa.accounts.admin_roles import AdminRoleMixin, ScopedAdminMixin
from zhifa.accounts.choices import AdminRole

from . import services
from .models import Agency, Region

ALL_ADMINS = frozenset(AdminRole.values) - {""}


@admin.register(Region)
class RegionAdmin(AdminRoleMixin, admin.ModelAdmin):
    view_roles = ALL_ADMINS
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "parent", "region"]

    def clean(self):
        data = super().clean()
        parent = data.get("parent") if self.instance.pk is None else self.instance.parent
        siblings = Agency.objects.filter(parent=parent, name=(data.get("name") or "").strip())
        if siblings.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "同一上级机构下已有同名机构。")
        if self.instance.pk is None:
            parent, kind = data.get("parent"), data.get("kind")
            allowed = services.ALLOWED_PARENT_KINDS.get(kind, set())
            if parent is None or parent.kind not in allowed:
                raise forms.ValidationError("该类别的机构不能设在所选上级机构之下。")
        return data


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_field = ""
    view_roles = ALL_ADMINS
    change_roles = frozenset({AdminRole.SYSTEM})
    add_roles = frozenset({AdminRole.SYSTEM})
    form = AgencyForm
    list_display = ["name", "kind", "region", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["parent", "region"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would rewrite its subtree's scope; only its name changes after creation.
        return ["kind", "parent", "region"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.rename_agency(obj, name=data["name"], actor=request.user)
        else:
            created = services.create_agency(
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                region=data.get("region"),
                actor=request.user,
            )
            obj.pk = created.pk
