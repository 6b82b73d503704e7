"""Forms of the calendar pages: input parsing only; the rules live in the core and the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhifa.core.calendar import UNIT_LABELS, UNITS
from zhifa.core.time_limits import registry

from .csvimport import MAX_BYTES


def rule_choices():
    return [("", _("（按数值和单位计算）"))] + [
        (r.code, f"{r.row} {r.title}（{r.current.amount}{UNIT_LABELS[r.current.unit]}）")
        for r in registry().rules
    ]


class DeadlineForm(forms.Form):
    start = forms.CharField(
        label=_("起算日"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "date"}),
        help_text=_("起算日当天不计入（TEPP 第十七条）。"),
    )
    rule = forms.ChoiceField(label=_("法定期限"), required=False, choices=rule_choices)
    amount = forms.IntegerField(label=_("期限数值"), required=False, min_value=1)
    unit = forms.ChoiceField(
        label=_("单位"),
        required=False,
        choices=[(u, UNIT_LABELS[u]) for u in UNITS],
    )


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2199)
    source = forms.CharField(
        label=_("依据"),
        max_length=255,
        help_text=_(
            "通知名称和文号，如：国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔……〕……号"
        ),
    )
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_("列：date,kind,name；kind 为 holiday（休）或 workday（班）。"),
    )
    replace = forms.BooleanField(label=_("替换已有年度"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件过大（超过 64 KB）。"))
        return upload
