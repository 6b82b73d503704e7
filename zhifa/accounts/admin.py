"""Accounts in the admin: the system administrator opens them, the security administrator sets roles
and lifts lockouts, the audit administrator reads."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.password_validation import validate_password
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from zhifa.core.errors import DomainError

from . import services
from .admin_roles import ScopedAdminMixin
from .choices import AdminRole, Role
from .models import User

SYSTEM, SECURITY, AUDIT = AdminRole.SYSTEM, AdminRole.SECURITY, AdminRole.AUDIT


class UserCreateForm(forms.ModelForm):
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        help_text="至少 12 位，含大写字母、小写字母、数字、符号中的三类。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "agency"]

    def clean(self):
        data = super().clean()
        if data.get("password"):
            probe = User(username=data.get("username", ""), full_name=data.get("full_name", ""))
            try:
                validate_password(data["password"], probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class UserRolesForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label="业务角色", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ["admin_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = self.instance.roles

    def clean(self):
        data = super().clean()
        try:
            services.check_roles(data.get("roles", []), data.get("admin_role", ""))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label="临时密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="用户下次登录时必须修改为只有本人知道的密码；系统不显示、不保存明文。",
    )


@admin.register(User)
class UserAdmin(ScopedAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({SYSTEM, AUDIT})
    change_roles = frozenset({SECURITY})
    add_roles = frozenset({SYSTEM})
    list_display = [
        "username",
        "full_name",
        "agency",
        "role_list",
        "admin_role",
        "is_active",
        "last_login",
    ]
    list_filter = [
        "admin_role",
        "is_officer",
        "is_legal_reviewer",
        "is_agency_head",
        "is_supervisor",
        "is_active",
    ]
    search_fields = ["username", "full_name", "agency__name"]
    list_select_related = ["agency"]
    actions = ["unlock", "reset_two_factor"]
    readonly_fields = ["password_reset_link"]

    @admin.display(description="密码")
    def password_reset_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:accounts_user_password_reset", args=[obj.pk])
        return format_html('<a href="{}">重置密码（系统管理员）</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:user_id>/password-reset/",
                self.admin_site.admin_view(self.password_reset_view),
                name="accounts_user_password_reset",
            ),
            *super().get_urls(),
        ]

    def password_reset_view(self, request, user_id: int):
        """The system administrator sets a temporary password; the holder must change it."""
        if request.user.admin_role != SYSTEM:
            raise Http404
        target = self.get_queryset(request).filter(pk=user_id).first()
        if target is None:
            raise Http404
        form = PasswordResetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reset_password(
                    target, new_password=form.cleaned_data["password"], actor=request.user
                )
            except DomainError as exc:
                form.add_error("password", exc.message)
            else:
                self.message_user(request, f"已重置 {target} 的密码；其下次登录时须修改密码。")
                return redirect("admin:accounts_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"重置密码：{target}",
            "form": form,
            "target": target,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "accounts/admin_password_reset.html", context)

    @admin.display(description="业务角色")
    def role_list(self, obj):
        return "、".join(str(Role(r).label) for r in obj.roles) or "—"

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = UserCreateForm if obj is None else UserRolesForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["username", "full_name", "email", "agency", "password"]
        if request.user.admin_role == SYSTEM:
            return ["password_reset_link"]
        return ["roles", "admin_role"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            from zhifa.orgs.selectors import visible_agencies

            kwargs["queryset"] = visible_agencies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.set_roles(
                obj,
                roles=data.get("roles", []),
                admin_role=data.get("admin_role", ""),
                actor=request.user,
            )
        else:
            created = services.create_user(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                agency=data["agency"],
                password=data["password"],
                actor=request.user,
            )
            obj.pk = created.pk

    @admin.action(description="解除登录锁定")
    def unlock(self, request, queryset):
        if request.user.admin_role != SECURITY:
            self.message_user(request, "只有安全管理员可以解除锁定。", messages.ERROR)
            return
        for user in queryset:
            services.unlock_user(user, actor=request.user)
        self.message_user(request, f"已为 {queryset.count()} 个账户解除锁定。")

    @admin.action(description="重置双因素认证（手机丢失时）")
    def reset_two_factor(self, request, queryset):
        if request.user.admin_role != SECURITY:
            self.message_user(request, "只有安全管理员可以重置双因素认证。", messages.ERROR)
            return
        done = 0
        for user in queryset:
            try:
                services.reset_two_factor(user, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{user}：{exc.message}", messages.ERROR)
        self.message_user(request, f"已为 {done} 个账户重置双因素认证；其下次登录时重新启用。")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if request.user.admin_role != SECURITY:
            actions.pop("unlock", None)
            actions.pop("reset_two_factor", None)
        return actions


# The devices' own admin pages would show TOTP keys: devices are managed through the account pages
# and the security administrator's reset action only.
for _device_model in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
    from django.apps import apps as _apps

    _model = _apps.get_model(_device_model)
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
