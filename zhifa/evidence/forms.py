"""Forms of the evidence pages: they parse input; every rule is checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhifa.core import text

from .choices import ACT_CHOICES, CollectionMethod, DeviceKind, EvidenceKind
from .selectors import recording_advice


class ActSelect(forms.Select):
    """Each act carries its recording advice, shown by the page next to the select."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        advice = recording_advice(str(value)) if value else ""
        if advice:
            option["attrs"]["data-advice"] = advice
        return option


class UploadForm(forms.Form):
    file = forms.FileField(label=_("证据文件"))
    kind = forms.ChoiceField(label=_("证据种类"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("证据名称"), max_length=200, required=False)
    description = forms.CharField(
        label=_("证明内容及说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    collected_by = forms.ChoiceField(label=_("取证人员"))
    collected_at = forms.DateTimeField(
        label=_("取证时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    place = forms.CharField(label=_("取证地点"), max_length=200)
    method = forms.ChoiceField(label=_("取证方式"), choices=CollectionMethod.choices)
    device_kind = forms.ChoiceField(label=_("记录设备"), choices=DeviceKind.choices, required=False)
    device_id = forms.CharField(label=_("设备编号"), max_length=64, required=False)
    act = forms.ChoiceField(
        label=_("所记录的执法行为"), choices=ACT_CHOICES, widget=ActSelect, initial="other"
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_by"].choices = [("", "——")] + [(str(o.pk), str(o)) for o in officers]

    def clean(self):
        # This page parses its own multipart body (uploads.py), out of the hostile-input
        # middleware's reach: the same rule (zhifa.core.text) is applied here.
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            value = getattr(value, "name", value)  # the uploaded file's name too
            kind = text.forbidden_kind(value) if isinstance(value, str) else None
            if kind:
                self.add_error(name, _("不得包含%(kind)s。") % {"kind": text.KINDS[kind]})
        return cleaned


class HandOverForm(forms.Form):
    to_user = forms.ChoiceField(label=_("接收人"))
    reason = forms.CharField(label=_("交接事由"), max_length=500)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].choices = [("", "——")] + [
            (str(u.pk), f"{u.full_name or u.username}（{u.agency.name}）") for u in users
        ]
