"""The provision picker (处罚条款选择): provisions grouped by law, labelled
《道路运输条例》第六十三条第（一）项 · short conduct, searchable, and only those in force on the violation
date selectable (the others marked 已废止 / 未生效). Without JavaScript it is a plain <select> with
<optgroup>s; provision-picker.js adds a search box and re-checks the dates when the violation date changes.

A penalty applies the law in force when the act was done (《中华人民共和国行政处罚法》第三十七条)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STATUS_REPEALED = "已废止"
STATUS_NOT_YET = "未生效"


def law_short_name(name: str) -> str:
    return name.removeprefix("中华人民共和国")


def status_on(provision, day: date) -> str:
    """ "" when the provision's law version is in force on `day`, else 已废止 or 未生效."""
    law = provision.law
    if law.effective_from and day < law.effective_from:
        return STATUS_NOT_YET
    if law.effective_to and day > law.effective_to:
        return STATUS_REPEALED
    return ""


def provision_label(provision, *, conduct_chars: int = 28) -> str:
    conduct = provision.conduct
    if len(conduct) > conduct_chars:
        conduct = conduct[:conduct_chars] + "…"
    return f"《{law_short_name(provision.law.name)}》{provision.article} · {conduct}"


class ProvisionSelect(forms.Select):
    """A <select> whose options carry their law version's dates; not-in-force options are disabled."""

    template_name = "law/widgets/provision_select.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.meta: dict[str, dict] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        meta = self.meta.get(str(value))
        if meta:
            option["attrs"].update(meta["attrs"])
            if meta["disabled"] and not selected:
                option["attrs"]["disabled"] = True
        return option


class ProvisionField(forms.ChoiceField):
    widget = ProvisionSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("处罚条款"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def set_provisions(field: forms.ChoiceField, provisions, *, on: date | None = None) -> None:
    """Fill a provision field: one <optgroup> per law version, newest version first; options not in
    force on `on` (default today) are marked and disabled. Values stay the stable data ids."""
    if not isinstance(field.widget, ProvisionSelect):
        field.widget = ProvisionSelect(attrs=field.widget.attrs)
    if isinstance(on, str):
        try:
            on = date.fromisoformat(on)
        except ValueError:
            on = None
    day = on or timezone.localdate()
    groups: dict[tuple, list] = {}
    meta: dict[str, dict] = {}
    by_law = sorted(
        provisions, key=lambda p: (law_short_name(p.law.name), -p.law.version_year, p.data_id)
    )
    for p in by_law:
        law = p.law
        status = status_on(p, day)
        label = provision_label(p) + (f"（{status}）" if status else "")
        group = (law_short_name(law.name), law.version_year)
        groups.setdefault(group, []).append((p.data_id, label))
        meta[p.data_id] = {
            "disabled": bool(status),
            "attrs": {
                "data-from": law.effective_from.isoformat() if law.effective_from else "",
                "data-to": law.effective_to.isoformat() if law.effective_to else "",
                "data-search": f"{p.data_id} {law.name} {p.article} {p.conduct}",
            },
        }
    field.choices = [("", _("暂不确定"))] + [
        (_("《%(law)s》（%(year)s年版）") % {"law": name, "year": year}, options)
        for (name, year), options in groups.items()
    ]
    field.widget.meta = meta
    field.provision_objects = {p.data_id: p for p in by_law}


def check_in_force(
    form: forms.Form, *, field: str = "provision", date_field: str = "violation_date"
):
    """Form clean step: refuse a provision whose law version is not in force on the violation date
    (or today when no date is given); the error sits beside the provision field."""
    data_id = form.cleaned_data.get(field)
    objects = getattr(form.fields[field], "provision_objects", {})
    if not data_id or data_id not in objects:
        return
    day = form.cleaned_data.get(date_field) or timezone.localdate()
    status = status_on(objects[data_id], day)
    if status:
        form.add_error(
            field,
            _("所选条款在违法行为发生日（%(day)s）%(status)s，请选择当日施行的条款。")
            % {"day": day.isoformat(), "status": status},
        )
