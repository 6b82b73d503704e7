from django import forms
from django.utils.translation import gettext_lazy as _


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长日数"), min_value=1, max_value=366)
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("意见"), required=False, max_length=2000)
