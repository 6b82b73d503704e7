from django import forms
from django.utils.translation import gettext_lazy as _

from zhifa.orgs.selectors import visible_agencies

from .choices import TokenPermission
from .services import default_days, max_days


class TokenForm(forms.Form):
    name = forms.CharField(label=_("接入系统名称"), max_length=100)
    agency = forms.ModelChoiceField(label=_("授权范围（机构及其下级）"), queryset=None)
    permissions = forms.MultipleChoiceField(
        label=_("权限"), choices=TokenPermission.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("有效期（天）"), min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = visible_agencies(user).order_by("path")
        self.fields["days"].initial = default_days()
        self.fields["days"].max_value = max_days()
        self.fields["days"].widget.attrs["max"] = max_days()
