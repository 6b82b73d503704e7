"""Forms of the measures pages: they parse input only; every rule is in the services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import (
    DisposalKind,
    HandoverException,
    MeasureKind,
    PauseKind,
    PreservationOutcome,
    ReleaseGround,
)

TEXT = {"max_length": 4000}
SPLIT = re.compile(r"[,，\t]")
PERISHABLE_MARKS = {"易腐", "鲜活", "易腐烂"}


def _area(rows=2, **kwargs):
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **TEXT, **kwargs)


def _when(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("不填为当前时间"),
    )


def _day(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def parse_items(text: str) -> list[dict]:
    """One item a line: 名称，数量，单位[，存放地点][，易腐]. The services check the values."""
    items = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in SPLIT.split(line) if p.strip()]
        if not parts:
            continue
        perishable = bool(parts and parts[-1] in PERISHABLE_MARKS)
        if perishable:
            parts = parts[:-1]
        if len(parts) < 3:
            raise forms.ValidationError(
                _("物品清单每行应为“名称，数量，单位”，可加“，存放地点”“，易腐”：%(line)s"),
                params={"line": line.strip()[:60]},
            )
        items.append(
            {
                "description": parts[0],
                "quantity": parts[1],
                "unit": parts[2],
                "location": parts[3] if len(parts) > 3 else "",
                "perishable": perishable,
            }
        )
    if not items:
        raise forms.ValidationError(_("请逐行填写物品清单。"))
    return items


class ItemsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("物品清单"))
        kwargs.setdefault(
            "help_text",
            _("每行一项：名称，数量，单位[，存放地点][，易腐]，如：货车 浙A12345，1，辆"),
        )
        super().__init__(widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not self.required and not (text or "").strip():
            return []  # optional (the execution form may carry a preservation over instead)
        return parse_items(text)


class ApprovalForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("意见"), required=False, max_length=2000)


class SignaturesForm(forms.Form):
    """The list or on-site record signed by both sides (ACL Art. 18; TEPP Arts. 44, 54)."""

    party_signed = forms.BooleanField(label=_("当事人已签名"), required=False)
    party_refused = forms.BooleanField(label=_("当事人拒绝签名或不在场"), required=False)
    witness = forms.CharField(label=_("见证人"), required=False, max_length=100)


class PreservationRequestForm(forms.Form):
    reason = _area(label=_("证据可能灭失或者以后难以取得的情形"))
    items_summary = _area(label=_("拟登记保存的物品"))
    place = forms.CharField(label=_("地点"), required=False, max_length=200)


class PreservationStartForm(SignaturesForm):
    items = ItemsField()
    started_at = _when(_("实施时间"))


class PreservationDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理决定"), choices=PreservationOutcome.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class MeasureRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=MeasureKind.choices)
    basis_law = forms.CharField(label=_("法律、法规名称"), max_length=200, required=False)
    basis_article = forms.CharField(label=_("条款"), max_length=100, required=False)
    reason = _area(label=_("理由"))
    items_summary = _area(label=_("查封、扣押的场所、设施或者财物"))
    place = forms.CharField(label=_("地点"), required=False, max_length=200)


class EmergencyForm(SignaturesForm):
    kind = forms.ChoiceField(label=_("措施"), choices=MeasureKind.choices)
    basis_law = forms.CharField(label=_("法律、法规名称"), max_length=200, required=False)
    basis_article = forms.CharField(label=_("条款"), max_length=100, required=False)
    reason = _area(label=_("理由"))
    emergency_reason = _area(label=_("紧急情形"))
    items = ItemsField()
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    taken_at = _when(_("实施时间"))


class ExecuteForm(SignaturesForm):
    """Either the list of items seized now, or a preservation decided as a seal or seizure whose
    items pass over with their ledger numbers (TEPP Art. 45(5)) — never both."""

    preservation = forms.TypedChoiceField(
        label=_("转入先行登记保存"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text=_("处理决定为查封、扣押的先行登记保存：其物品原号转入，不再填写物品清单"),
    )
    items = ItemsField(required=False)
    executed_at = _when(_("实施时间"))

    def __init__(self, *args, preservations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preservation"].choices = [("", _("不转入（填写物品清单）"))] + [
            (p.pk, str(p)) for p in preservations
        ]

    def clean(self):
        data = super().clean()
        if data.get("preservation") and data.get("items"):
            raise forms.ValidationError(
                _("转入先行登记保存时物品已在涉案财物台账，请勿再填写物品清单。")
            )
        if not data.get("preservation") and not data.get("items") and "items" not in self.errors:
            raise forms.ValidationError(_("请填写物品清单，或选择转入的先行登记保存。"))
        return data


class ReportForm(forms.Form):
    note = _area(label=_("报告内容"))
    reported_at = _when(_("报告时间"))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长日数"), min_value=1, max_value=30)
    reason = _area(label=_("延长理由"))
    notice_served_on = _day(_("《延长行政强制措施期限通知书》送达日期"), required=False)


class PauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("事项"), choices=PauseKind.choices)
    start = _day(_("开始日"))
    end = _day(_("结束日"))
    notice_served_on = _day(_("书面告知当事人日期"), required=False)
    body = forms.CharField(label=_("检测、鉴定机构"), required=False, max_length=200)


class ReleaseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("解除事由"),
        choices=[c for c in ReleaseGround.choices if c[0] != ReleaseGround.APPROVAL_REFUSED],
    )
    reason = _area(label=_("解除理由"))


class RegisterForm(forms.Form):
    items = ItemsField()
    taken_at = _when(_("取得时间"))


class HandoverForm(forms.Form):
    custodian = forms.TypedChoiceField(label=_("涉案财物管理人员"), coerce=int, choices=())
    location = forms.CharField(label=_("存放地点"), max_length=200)

    def __init__(self, *args, custodians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian"].choices = [(u.pk, u.full_name or u.username) for u in custodians]


class ExceptionForm(forms.Form):
    exception = forms.ChoiceField(label=_("例外情形"), choices=HandoverException.choices)
    reason = _area(label=_("理由"))
    returned_at = _when(_("返回单位时间（偏远地区）"))


class AppraisalForm(forms.Form):
    body = forms.CharField(label=_("检测、鉴定机构"), max_length=200)


class AppraisalDoneForm(forms.Form):
    result = forms.CharField(label=_("检测、鉴定结果"), required=False, max_length=2000)


class RelocateForm(forms.Form):
    location = forms.CharField(label=_("新的存放地点"), max_length=200)
    reason = forms.CharField(label=_("变更理由"), max_length=2000)


class NoticeForm(forms.Form):
    published_on = _day(_("公告日期"))
    reason = forms.CharField(label=_("说明"), required=False, max_length=2000)


class DisposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("处置方式"), choices=DisposalKind.choices)
    reason = _area(label=_("理由"))


class CarryOutForm(forms.Form):
    recipient = forms.CharField(label=_("接收人或接收单位"), required=False, max_length=200)
    reference = forms.CharField(label=_("凭证、回执编号"), required=False, max_length=100)
    proceeds = forms.DecimalField(
        label=_("拍卖、变卖所得（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
