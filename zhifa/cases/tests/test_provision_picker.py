"""The provision picker on the lead and case forms (issue #8 point 6): grouped by law, labelled as the
law is cited, searchable, and only provisions in force on the violation date selectable."""

from __future__ import annotations

import re
from datetime import date

from django import forms

from zhifa.cases.forms import DetailsForm, LeadForm
from zhifa.law.models import PenaltyProvision
from zhifa.law.picker import check_in_force, set_provisions


def _old_rtr():
    return PenaltyProvision.objects.filter(
        law__name="中华人民共和国道路运输条例", law__version_year=2019
    ).first()


class _Form(forms.Form):
    violation_date = forms.DateField(required=False)
    provision = forms.ChoiceField(required=False)

    def __init__(self, *args, provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        set_provisions(self.fields["provision"], provisions)

    def clean(self):
        cleaned = super().clean()
        check_in_force(self)
        return cleaned


def test_the_lead_form_groups_labels_and_marks_repealed_provisions(law):
    # when
    html = str(LeadForm(provisions=PenaltyProvision.objects.select_related("law"))["provision"])
    # then: one <optgroup> per law version, labelled the way the law is cited
    assert '<optgroup label="《道路运输条例》（2023年版）">' in html
    assert re.search(r'value="rtr2023-63-1"[^>]*>《道路运输条例》第六十三条第（一）项 · ', html)
    # the repealed 2019 text is shown, marked and not selectable
    old = _old_rtr()
    option = re.search(rf'<option value="{old.data_id}"[^>]*>[^<]*</option>', html).group(0)
    assert "disabled" in option and "（已废止）" in option
    assert 'data-from="2019-03-02"' in option and 'data-to="2023-07-19"' in option
    # searchable: a search box and the script (from the platform's static files)
    assert "data-picker-search" in html and "/static/zhifa/provision-picker.js" in html
    assert "None" not in html and "hl-76-1 ·" not in html


def test_a_provision_not_in_force_on_the_violation_date_is_refused(law):
    provisions = PenaltyProvision.objects.select_related("law")
    old = _old_rtr()
    # the 2019 text applies to an act of 2020 …
    ok = _Form({"violation_date": "2020-05-01", "provision": old.data_id}, provisions=provisions)
    assert ok.is_valid(), ok.errors
    # … but not to an act of this year, and the 2023 text not to an act of 2020
    late = _Form({"violation_date": "2025-05-01", "provision": old.data_id}, provisions=provisions)
    early = _Form(
        {"violation_date": "2020-05-01", "provision": "rtr2023-63-1"}, provisions=provisions
    )
    assert not late.is_valid() and "已废止" in late.errors["provision"][0]
    assert not early.is_valid() and "未生效" in early.errors["provision"][0]


def test_the_case_details_form_offers_what_was_in_force_on_the_cases_violation_date(law):
    provisions = PenaltyProvision.objects.select_related("law")
    old = _old_rtr()
    form = DetailsForm(provisions=provisions, initial={"violation_date": date(2020, 5, 1)})
    html = str(form["provision"])
    option = re.search(rf'<option value="{old.data_id}"[^>]*>[^<]*</option>', html).group(0)
    assert "disabled" not in option and "已废止" not in option
    new = re.search(r'<option value="rtr2023-63-1"[^>]*>[^<]*</option>', html).group(0)
    assert "disabled" in new and "（未生效）" in new
