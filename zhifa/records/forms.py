from django import forms
from django.utils.translation import gettext_lazy as _

from .events import EVENT_TYPES


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    event_type = forms.ChoiceField(label=_("事件类型"), required=False)
    agency = forms.CharField(label=_("机构"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = [
            ("", _("全部")),
            *sorted(
                ((code, f"{label}（{code}）") for code, label in EVENT_TYPES.items()),
                key=lambda c: c[0],
            ),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        for key in ("actor", "agency"):
            if "\x00" in (data.get(key) or ""):
                self.add_error(key, _("含有不允许的字符。"))
        return data

    def filters(self) -> dict:
        """The valid filters (all empty when the form is not valid: nothing is hidden by mistake)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
