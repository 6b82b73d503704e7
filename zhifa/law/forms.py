"""Forms of the law pages: the discretion calculator and the benchmark upload."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhifa.core.discretion import FACTS

from .discretion import PARTY_KIND_CHOICES

FACT_PREFIX = "fact__"


class CalculatorForm(forms.Form):
    provision_id = forms.CharField(label=_("处罚条款"), max_length=64)
    province = forms.CharField(label=_("省份（或城市、海事机构）"), max_length=64)
    violation_date = forms.DateField(
        label=_("违法行为发生日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_date = forms.DateField(
        label=_("拟作出决定日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    discovered_on = forms.DateField(
        label=_("违法行为被发现日（超过二年时填写）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    party_kind = forms.ChoiceField(label=_("当事人类型"), choices=PARTY_KIND_CHOICES)


class DeviationForm(forms.Form):
    amount = forms.DecimalField(
        label=_("拟处罚款（元）"), min_value=0, max_digits=12, decimal_places=2
    )
    reason = forms.CharField(
        label=_("超出建议幅度的理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BenchmarkUploadForm(forms.Form):
    file = forms.FileField(label=_("裁量基准 Excel 文件（.xlsx）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件（可先下载导入模板）。"))
        return f


def facts_from_post(data) -> tuple[dict[str, Any], list[str]]:
    """Facts typed into the calculator: "" means not stated. Returns (facts, Chinese errors)."""
    facts: dict[str, Any] = {}
    errors: list[str] = []
    for key, raw in data.items():
        if not key.startswith(FACT_PREFIX):
            continue
        name = key[len(FACT_PREFIX) :]
        value = (raw or "").strip()
        spec = FACTS.get(name)
        if spec is None:
            errors.append(f"未声明的事实“{name}”。")
            continue
        if value == "":
            continue
        if spec.type == "bool":
            if value not in ("1", "0"):
                errors.append(f"“{spec.label_zh}”应选择是或否。")
                continue
            facts[name] = value == "1"
        elif spec.type == "int":
            try:
                facts[name] = int(value)
            except ValueError:
                errors.append(f"“{spec.label_zh}”应为整数。")
        elif spec.type == "number":
            try:
                facts[name] = str(Decimal(value.replace(",", "")))
            except InvalidOperation:
                errors.append(f"“{spec.label_zh}”应为数字。")
        else:
            facts[name] = value
    return facts, errors
