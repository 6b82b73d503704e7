"""Forms of the case pages. They parse and check the shape of input (required, dates, amounts) in
Chinese; every legal rule stays in the services and the procedure core.

An action's form is built from the input names the `actions_for` selector gives for that action
(`Action.form`), so a page asks exactly for what the step needs.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhifa.core.identifiers import phone_problem
from zhifa.core.procedure.rules import (
    HEARING_POSTPONE_REASONS,
    HEARING_SUSPEND_REASONS,
    HEARING_TERMINATE_REASONS,
    KIND_LABELS,
    NO_PENALTY_GROUNDS,
    ONSPOT_COLLECTION_GROUNDS,
    ONSPOT_STEPS,
    RECUSAL_GROUNDS,
    REVIEW_CHECKLIST,
    SERVICE_METHODS,
    SUSPEND_EXECUTION_REASONS,
    TERMINATE_EXECUTION_REASONS,
    TERMINATE_INVESTIGATION_REASONS,
)
from zhifa.law.picker import check_in_force, set_provisions

from .choices import LeadSource, PartyKind, RemedyOutcome, ResolutionKind

DATE = {"type": "date"}

# Transitions whose reason is one of a closed list (the core refuses anything else).
REASON_CHOICES: dict[str, dict] = {
    "terminate_investigation": TERMINATE_INVESTIGATION_REASONS,
    "postpone_hearing": HEARING_POSTPONE_REASONS,
    "suspend_hearing": HEARING_SUSPEND_REASONS,
    "terminate_hearing": HEARING_TERMINATE_REASONS,
    "suspend_execution": SUSPEND_EXECUTION_REASONS,
    "terminate_execution": TERMINATE_EXECUTION_REASONS,
    "decide_no_penalty": {k: v[0] for k, v in NO_PENALTY_GROUNDS.items()},
}
REASON_LABELS = {
    "decline_filing": _("不予立案的理由"),
    "return_report": _("退回补充调查的理由"),
    "return_review_for_investigation": _("审核未通过的理由"),
    "return_review_for_report": _("审核未通过的理由"),
    "extend_decision_period": _("延长办案期限的理由"),
    "transfer_to_agency": _("移送理由（受移送机关及管辖依据）"),
    "decide_no_penalty": _("不予处罚的法定情形"),
}
# Steps whose "opinion" is the legal reviewer's (the others: the approver's, optional).
REVIEW_CODES = frozenset({"pass_legal_review"})
PENALTY_KIND_CHOICES = [(k.value, label) for k, label in KIND_LABELS.items()]


def new_key() -> str:
    return uuid.uuid4().hex


class IdempotentForm(forms.Form):
    """A hidden key made when the form is first shown: a double submission is replayed, not
    applied twice (the services keep the key)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", new_key())
        super().__init__(*args, **kwargs)


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


def _text(label, *, required=True, rows=3, max_length=2000, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _money(label, *, required=True):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def _checks(label, choices, *, required=False):
    return forms.MultipleChoiceField(
        label=label,
        choices=list(choices),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


# --- leads ---------------------------------------------------------------------------------------


class LeadForm(IdempotentForm):
    """A lead (线索) and its party, the two officers and, when known, the provision."""

    source = forms.ChoiceField(label=_("线索来源"), choices=LeadSource.choices)
    received_on = _date(_("收到线索日期"))
    facts = _text(_("线索内容（违法事实概要）"), rows=4)
    violation_date = _date(_("违法行为发生日"), required=False)
    provision = forms.ChoiceField(label=_("处罚条款"), required=False)
    party_kind = forms.ChoiceField(label=_("当事人类型"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("当事人姓名或名称"), max_length=200)
    party_id_number = forms.CharField(
        label=_("身份证号码或统一社会信用代码"), max_length=32, required=False
    )
    party_plate = forms.CharField(label=_("车牌号"), max_length=16, required=False)
    party_address = forms.CharField(label=_("住址或住所"), max_length=300, required=False)
    party_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    officers = forms.MultipleChoiceField(
        label=_("承办执法人员（两名以上）"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, officers=(), provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(str(o.pk), o.user.full_name) for o in officers]
        # Grouped by law, searchable; only provisions in force on the violation date selectable.
        set_provisions(self.fields["provision"], provisions)

    def clean_officers(self):
        chosen = self.cleaned_data["officers"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("请至少选择两名执法人员（《行政处罚法》第四十二条）。"))
        return chosen

    def clean(self):
        cleaned = super().clean()
        check_in_force(self)  # 《行政处罚法》第三十七条: the law in force when the act was done
        return cleaned

    def clean_party_phone(self):
        phone = self.cleaned_data["party_phone"].strip()
        problem = phone_problem(phone) if phone else None
        if problem:
            raise forms.ValidationError(problem)
        return phone

    def party(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["party_kind"],
            "name": d["party_name"].strip(),
            "id_number": d["party_id_number"].strip(),
            "plate": d["party_plate"].strip(),
            "address": d["party_address"].strip(),
            "phone": d["party_phone"].strip(),
        }


class OnSpotCaseForm(LeadForm):
    """The summary procedure on the spot (简易程序, APL Arts. 51–52): the lead, the fine and the
    statutory steps in one phone form, which also works offline (data-offline): the idempotency
    key is then made on the device."""

    source = None  # found on the spot: an inspection
    received_on = _date(_("当场处罚日期"))
    fine = _money(_("罚款金额（元）"))
    onspot_steps = _checks(_("当场处罚的法定步骤"), ONSPOT_STEPS.items(), required=True)
    facts_conclusive = forms.BooleanField(label=_("违法事实确凿（《行政处罚法》第五十一条）"))
    has_legal_basis = forms.BooleanField(label=_("有法定依据（《行政处罚法》第五十一条）"))

    field_order = [
        "received_on", "violation_date", "provision", "facts", "party_kind", "party_name",
        "party_id_number", "party_plate", "party_address", "party_phone", "officers", "fine",
        "onspot_steps", "facts_conclusive", "has_legal_basis",
    ]  # fmt: skip

    def clean_fine(self):
        fine = self.cleaned_data["fine"]
        if fine is not None and fine <= 0:
            raise forms.ValidationError(_("罚款金额应大于零。"))
        return fine


class CaseFilterForm(forms.Form):
    """The case list's filters; a bad value is dropped, never an error page."""

    state = forms.ChoiceField(label=_("状态"), required=False)
    procedure = forms.ChoiceField(label=_("程序"), required=False)
    officer = forms.TypedChoiceField(
        label=_("执法人员"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("仅看已逾期"), required=False)
    q = forms.CharField(label=_("案号、当事人或线索"), required=False, max_length=100)
    agency = forms.TypedChoiceField(
        label=_("办案机构"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, states=(), procedures=(), officers=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Supervisors: the agencies in their scope (an agency takes in the agencies below it).
        base = min((a.depth for a in agencies), default=0)
        self.fields["agency"].choices = [("", _("全部机构"))] + [
            (str(a.pk), "\u3000" * (a.depth - base) + a.name) for a in agencies
        ]
        self.fields["state"].choices = [("", _("全部状态")), *list(states)]
        self.fields["procedure"].choices = [("", _("全部程序"))] + [
            (v, label) for v, label in procedures if v
        ]
        self.fields["officer"].choices = [("", _("全部人员"))] + [
            (str(o.pk), o.user.full_name) for o in officers
        ]

    def values(self) -> dict:
        if not self.is_bound:
            good: dict = {}
        elif not self.is_valid():
            good = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            good = self.cleaned_data
        return {
            "state": good.get("state") or None,
            "procedure": good.get("procedure") or None,
            "officer": good.get("officer") or None,
            "overdue": True if good.get("overdue") else None,
            "q": (good.get("q") or "").strip(),
            "agency": good.get("agency") or None,
        }


# --- actions -------------------------------------------------------------------------------------


def _reason_field(code: str):
    choices = REASON_CHOICES.get(code)
    label = REASON_LABELS.get(code, _("理由"))
    if choices:
        return forms.ChoiceField(label=label, choices=[("", _("请选择")), *list(choices.items())])
    return _text(label)


def _penalty_fields():
    return {
        "penalty_kinds": _checks(_("处罚种类"), PENALTY_KIND_CHOICES, required=True),
        "penalty_fine": _money(_("罚款数额（元）"), required=False),
        "penalty_confiscation": _money(_("没收金额（元）"), required=False),
        "penalty_mitigated": forms.BooleanField(label=_("减轻处罚"), required=False),
    }


def _field_factories(code: str, chairs) -> dict:
    """Input name (as the selector names it) → the form fields that ask for it."""
    return {
        "reason": lambda: {"reason": _reason_field(code)},
        "no_penalty_ground": lambda: {
            "no_penalty_ground": forms.ChoiceField(
                label=_("不予处罚的法定情形"),
                choices=[("", _("请选择"))] + [(k, v[0]) for k, v in NO_PENALTY_GROUNDS.items()],
            )
        },
        "penalty": _penalty_fields,
        "hearing_date": lambda: {"hearing_date": _date(_("听证日期"))},
        "chair": lambda: {
            "chair": forms.ChoiceField(
                label=_("听证主持人（不得为本案调查人员）"),
                choices=[("", _("请选择"))] + [(str(u.pk), u.full_name) for u in chairs],
            )
        },
        "service_method": lambda: {
            "service_method": forms.ChoiceField(
                label=_("送达方式"), choices=list(SERVICE_METHODS.items()), initial="direct"
            )
        },
        "method": lambda: {
            "method": forms.ChoiceField(
                label=_("送达方式"), choices=list(SERVICE_METHODS.items()), initial="direct"
            )
        },
        # A service names where and to whom (TEPP Arts. 18–20: the 送达回证 records both).
        "address": lambda: {
            "address": forms.CharField(label=_("送达地址"), max_length=300, required=True)
        },
        "recipient": lambda: {
            "recipient": forms.CharField(label=_("受送达人"), max_length=200, required=True)
        },
        "attendees": lambda: {
            "attendees": _text(
                _("参加人员"), rows=3, help_text=_("每行一人，至少两人（负责人集体讨论）。")
            )
        },
        "opinions": lambda: {"opinions": _text(_("讨论意见"), rows=4)},
        "resolution": lambda: {
            "resolution": forms.ChoiceField(
                label=_("讨论决定"), choices=[("", _("请选择")), *list(ResolutionKind.choices)]
            )
        },
        "checklist": lambda: {
            "checklist": _checks(_("审核事项（逐项审核）"), REVIEW_CHECKLIST.items())
        },
        "opinion": lambda: {
            "opinion": _text(_("审核意见"), rows=4)
            if code in REVIEW_CODES
            else _text(
                _("审批意见"),
                rows=3,
                required=False,
                help_text=_("负责人的意见，记入本步骤并写入审批文书。"),
            )
        },
        "renotice_reason": lambda: {
            "renotice_reason": _text(
                _("重新告知的理由"),
                rows=3,
                help_text=_("已送达过违法行为通知书；拟处罚或事实、理由有变化的，须重新告知。"),
            )
        },
        "reviewer_qualified": lambda: {
            "reviewer_qualified": forms.BooleanField(
                label=_("审核人员具有法律职业资格"), required=False
            )
        },
        "outcome": lambda: {
            "outcome": forms.ChoiceField(
                label=_("审核结论"),
                choices=[("agree", _("同意")), ("problems", _("存在问题，退回"))],
            )
        },
        "send_back_to": lambda: {
            "send_back_to": forms.ChoiceField(
                label=_("退回至"),
                required=False,
                choices=[("investigation", _("补充调查")), ("report", _("修改调查报告"))],
            )
        },
        "onspot_steps": lambda: {
            "onspot_steps": _checks(_("当场处罚的法定步骤"), ONSPOT_STEPS.items(), required=True)
        },
        "facts_conclusive": lambda: {
            "facts_conclusive": forms.BooleanField(
                label=_("违法事实确凿（《行政处罚法》第五十一条）"), required=False
            )
        },
        "has_legal_basis": lambda: {
            "has_legal_basis": forms.BooleanField(
                label=_("有法定依据（《行政处罚法》第五十一条）"), required=False
            )
        },
        "collection_ground": lambda: {
            "collection_ground": forms.ChoiceField(
                label=_("当场收缴的法定情形"),
                choices=[("", _("请选择")), *list(ONSPOT_COLLECTION_GROUNDS.items())],
            )
        },
        "receipt_issued": lambda: {
            "receipt_issued": forms.BooleanField(
                label=_("已出具财政部门统一制发的专用票据"), required=False
            )
        },
        "text": lambda: {"text": _text(_("当事人陈述申辩内容"), rows=4)},
        "summary": lambda: {"summary": _text(_("摘要"), rows=4, required=False)},
        "record": lambda: {"record": _text(_("听证笔录要点"), rows=4, required=False)},
        "amount": lambda: {"amount": _money(_("缴纳金额（元）"))},
        "reference": lambda: {
            "reference": forms.CharField(
                label=_("缴款凭证号（收据或银行回单号）"), max_length=64, required=True
            )
        },
        "paid_on": lambda: {"paid_on": _date(_("缴款日期"), required=False)},
        "correction_required": lambda: {
            "correction_required": forms.BooleanField(
                label=_("责令改正"), required=False, initial=True
            )
        },
        # ACL Art. 43: not at night or on statutory holidays unless an emergency is recorded
        "executed_at": lambda: {
            "executed_at": forms.DateTimeField(
                label=_("实施强制执行的时间"),
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )
        },
        "emergency_ground": lambda: {
            "emergency_ground": forms.CharField(
                label=_("紧急情形（夜间或法定节假日实施时填写）"),
                max_length=500,
                required=False,
            )
        },
        # T4 §三(八): forced demolition is filmed in full (checked by the step)
        "demolition": lambda: {
            "demolition": forms.BooleanField(label=_("强制拆除"), required=False)
        },
        "to_agency": lambda: {
            "to_agency": forms.CharField(label=_("受移送机关"), max_length=200, required=False)
        },
    }


class ActionForm(IdempotentForm):
    """One step of the case: the day of the act, and the inputs the step needs."""

    as_of = _date(_("办理日期"), help_text=_("不得早于上一步骤，不得晚于今天。"))

    def __init__(self, *args, code: str, inputs=(), chairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        self.inputs = tuple(inputs)
        factories = _field_factories(code, chairs)
        for name in self.inputs:
            make = factories.get(name)
            if make is None:  # an input this page does not know yet: a plain text box
                self.fields[name] = _text(name, required=False)
            else:
                self.fields.update(make())

    def clean(self):
        data = super().clean()
        if "penalty" in self.inputs and "penalty_kinds" in data:
            kinds = set(data.get("penalty_kinds") or ())
            fine = data.get("penalty_fine") or Decimal(0)
            if "fine" in kinds and fine <= 0:
                self.add_error("penalty_fine", _("选择了罚款，请填写罚款数额。"))
            if "fine" not in kinds and fine > 0:
                self.add_error("penalty_kinds", _("填写了罚款数额，请同时选择“罚款”种类。"))
        if "attendees" in self.inputs and data.get("attendees"):
            names = [n.strip() for n in data["attendees"].splitlines() if n.strip()]
            if len(names) < 2:
                self.add_error("attendees", _("集体讨论至少应有两名参加人员。"))
        return data

    def service_inputs(self) -> dict:
        """The cleaned inputs in the shape the services take (INTERFACE.md, `fire_step`)."""
        d = self.cleaned_data
        out: dict = {}
        for name in self.inputs:
            if name == "penalty":
                out["penalty"] = {
                    "kinds": list(d.get("penalty_kinds") or ()),
                    "fine": str(d.get("penalty_fine") or 0),
                    "confiscation": str(d.get("penalty_confiscation") or 0),
                    "mitigated": bool(d.get("penalty_mitigated")),
                }
            elif name == "attendees":
                out["attendees"] = [n.strip() for n in d["attendees"].splitlines() if n.strip()]
            elif name in ("checklist", "onspot_steps"):
                out[name] = list(d.get(name) or ())
            elif name == "chair":
                out["chair"] = int(d["chair"])
            elif name in d:
                value = d[name]
                if value in (None, "") and not self.fields[name].required:
                    continue
                out[name] = value
        return out


class RecusalForm(IdempotentForm):
    """A request that an officer step aside (回避), by the party or the officer."""

    officer = forms.ChoiceField(label=_("申请回避的执法人员"))
    requested_by = forms.ChoiceField(
        label=_("提出方式"),
        choices=[("party", _("当事人申请")), ("officer", _("执法人员自行回避"))],
    )
    ground = forms.ChoiceField(label=_("回避事由"))
    reason = _text(_("具体理由"))
    as_of = _date(_("申请日期"))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [(str(o.pk), o.user.full_name) for o in officers]
        self.fields["ground"].choices = [("", _("请选择")), *list(RECUSAL_GROUNDS.items())]


class EvidenceForm(IdempotentForm):
    """An investigation record that counts as evidence (询问笔录、勘验笔录、现场笔录 …)."""

    kind = forms.ChoiceField(label=_("笔录种类"))
    summary = _text(_("内容摘要"), rows=3, required=False)
    as_of = _date(_("制作日期"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class DetailsForm(IdempotentForm):
    """Case details officers keep up to date until the decision: provision, dates, triggers."""

    provision = forms.ChoiceField(label=_("处罚条款"), required=False)
    violation_date = _date(_("违法行为发生日"), required=False)
    limitation_years = forms.TypedChoiceField(
        label=_("追责时效"),
        coerce=int,
        choices=[(2, _("二年")), (5, _("五年（涉及公民生命健康安全、金融安全且有危害后果）"))],
    )
    triggers = _checks(_("案件情形"), ())
    # issue 9: after filing, changing the limitation or the case flags needs a journaled reason
    reason = forms.CharField(
        label=_("更改理由（立案后更改追责时效或案件情形须填写）"), required=False, max_length=2000
    )

    def __init__(self, *args, provisions=(), trigger_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        violation_date = self.initial.get("violation_date")
        set_provisions(self.fields["provision"], provisions, on=violation_date or None)
        self.fields["triggers"].choices = list(trigger_choices)

    def clean(self):
        cleaned = super().clean()
        check_in_force(self)  # 《行政处罚法》第三十七条: the law in force when the act was done
        return cleaned


# Labels of the `CaseTriggers` flags officers set (zhifa.core.procedure.model.CaseTriggers).
TRIGGER_LABELS = {
    "facts_conclusive": _("违法事实确凿"),
    "has_legal_basis": _("有法定依据"),
    "major_public_interest": _("涉及重大公共利益"),
    "major_rights": _("直接关系当事人或者第三人重大权益，经过听证程序"),
    "complex_case": _("案件情况疑难复杂"),
    "multiple_legal_relationships": _("涉及多个法律关系"),
    "review_required_by_law": _("法律、法规规定应当进行法制审核"),
    "major_social_risk": _("可能引发重大社会风险"),
    "in_review_catalogue": _("列入本机关重大执法决定法制审核目录"),
    "facts_disputed": _("对违法事实有较大争议"),
    "law_contested": _("对适用法律有较大争议"),
    "egregious": _("违法情节恶劣、危害后果严重"),
    "jurisdiction_disputed": _("对管辖有争议"),
    "complex_major_heavier": _("案情复杂、涉及重大公共利益或拟给予较重处罚"),
    "other_heavier_penalty": _("其他较重的行政处罚"),
    "hearing_required_by_law": _("法律、法规规定的其他听证情形"),
    "large_confiscation": _("没收较大数额违法所得或非法财物"),
}


class AssignForm(IdempotentForm):
    """Officers of the agency added to the case (the first on a case leads it)."""

    officers = forms.MultipleChoiceField(
        label=_("增派执法人员"), widget=forms.CheckboxSelectMultiple
    )
    as_of = _date(_("指派日期"))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(str(o.pk), o.user.full_name) for o in officers]


class DeviationForm(IdempotentForm):
    """The head's approval of a fine outside the recommended range, with its reason."""

    amount = _money(_("拟决定罚款（元）"))
    reason = _text(_("偏离裁量建议的理由"))
    as_of = _date(_("批准日期"))


class RecusalDecisionForm(IdempotentForm):
    """The agency head's decision on a recusal request (TEPP Art. 13)."""

    approved = forms.TypedChoiceField(
        label=_("决定"),
        coerce=lambda v: v == "1",
        choices=[("1", _("决定回避")), ("0", _("决定不予回避"))],
    )
    earlier_acts_stand = forms.BooleanField(
        label=_("回避前的执法行为继续有效"), required=False, initial=True
    )
    opinion = _text(_("决定意见"), required=False)
    as_of = _date(_("决定日期"))


class RemedyFileForm(forms.Form):
    """A reconsideration applied for or a suit brought against the decision (legal.md §H)."""

    kind = forms.ChoiceField(
        label=_("救济方式"),
        choices=[("reconsideration", _("行政复议")), ("litigation", _("行政诉讼"))],
    )
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=100)
    reference = forms.CharField(label=_("受理文书号或案号"), max_length=64, required=False)
    started_on = _date(_("申请复议或起诉日期"))


class RemedyOutcomeForm(forms.Form):
    """The reconsideration decision or the judgment (or the withdrawal)."""

    outcome = forms.ChoiceField(label=_("结果"), choices=RemedyOutcome.choices[1:])
    decided_on = _date(_("结果日期"))
    reference = forms.CharField(label=_("复议决定书或裁判文书号"), max_length=64, required=False)
    note = _text(_("结果说明"), required=False, rows=2)


class RemedyFollowUpForm(forms.Form):
    """The agency head's record of how the correction was carried out."""

    note = _text(
        _("纠错落实情况"),
        rows=2,
        help_text=_("如退还罚款的金额和日期、终结执行、重新作出的决定"),
    )
