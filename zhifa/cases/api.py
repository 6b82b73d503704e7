"""Cases over JSON (/api/v1/cases): every read and action of the pages, with the same services.

Endpoints are adapters: fetch the case through the scoped selector (out of scope → 404), call the
service, return the result. Errors are `DomainError`s mapped by zhifa/api.py to
`{"code","message","details"}`. Every write accepts an idempotency key, in the body
(`idempotency_key`) or the `Idempotency-Key` header: a repeated submission returns the first
result (`replayed: true`) and changes nothing.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import create_model

from zhifa.api_types import Money, Offset
from zhifa.core.citations import attr_zh
from zhifa.core.errors import InvalidInput
from zhifa.core.procedure.inputs import INPUTS
from zhifa.orgs.selectors import access_agency

from . import remedies, selectors, services
from .choices import STATE_LABEL
from .models import Case

router = Router(tags=["cases"])


# --- schemas ---------------------------------------------------------------------------------------


class RefusalOut(Schema):
    code: str
    message: str
    article: str

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class PartyIn(Schema):
    kind: str = Field(..., description="person | organisation")
    name: str
    id_number: str = Field(..., description="公民身份号码或统一社会信用代码")
    address: str = ""
    plate: str = ""
    phone: str = ""
    e_service_address: str = ""
    e_service_confirmed: bool = False


class PartyOut(Schema):
    id: int
    kind: str
    name: str
    id_number: str
    plate: str
    address: str
    e_service_address: str
    e_service_confirmed: bool


class PenaltyIn(Schema):
    kinds: list[str] = Field(
        default_factory=lambda: ["fine"], description="处罚种类（PenaltyKind）"
    )
    fine: Money = Decimal(0)
    confiscation: Money = Decimal(0)
    mitigated: bool = False


class LeadIn(Schema):
    agency_id: int | None = Field(None, description="受理机构；默认为本人所在机构")
    source: str = Field(..., description="inspection | report | transfer | assignment")
    facts: str
    received_on: date
    violation_date: date | None = None
    provision: str | None = Field(None, description="处罚条款编号，如 hl-76-1")
    party: PartyIn | None = None
    officers: list[int] = Field(default_factory=list, description="执法人员编号（第一位为主办）")
    limitation_years: int = 2
    triggers: dict[str, bool] = Field(default_factory=dict)
    idempotency_key: str | None = None


class DetailsIn(Schema):
    provision: str | None = None
    violation_date: date | None = None
    limitation_years: int | None = None
    facts: dict[str, Any] | None = None
    triggers: dict[str, bool] | None = None
    party: PartyIn | None = None
    has_execution_power: bool | None = None
    surcharge_rate_notified: bool | None = None
    reason: str = Field(
        "", description="立案后更改时效、情节标记、强制执行权、加处罚款告知情况的理由"
    )
    as_of: date | None = None


class CaseOfficerOut(Schema):
    officer_id: int
    name: str
    role: str
    investigator: bool
    recused: bool


class CaseOut(Schema):
    id: int
    case_number: str | None
    agency_id: int
    agency: str = Field(..., alias="agency.name")
    state: str
    state_label: str
    procedure: str
    procedure_label: str
    party: PartyOut | None
    provision: str | None = Field(None, alias="provision.data_id")
    violation_date: date | None
    lead_received_on: date
    filed_on: date | None
    decision_due: date | None
    next_due: date | None
    payment_due: date | None

    @staticmethod
    def resolve_decision_due(obj):
        # a list annotates it (selectors.with_decision_due); one case reads its property
        if hasattr(obj, "listed_decision_due"):
            return obj.listed_decision_due
        return selectors.decision_due_of(obj)

    @staticmethod
    def resolve_payment_due(obj):
        if hasattr(obj, "listed_payment_due"):
            return obj.listed_payment_due
        return obj.payment_due


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    form_no: int | None
    number: str
    issued_on: date
    served_on: date | None
    signatures: list[str]
    article: str

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class CaseDeadlineOut(Schema):
    code: str
    label: str
    due: date
    start: date | None = None
    unit: str = ""
    basis: str = ""
    provisional: bool = False

    basis_zh: str = Field("", description="basis 的中文法条引用")

    @staticmethod
    def resolve_basis_zh(obj):
        return attr_zh(obj, "basis")


class StepOut(Schema):
    id: int
    code: str
    label: str
    actor_name: str
    as_of: date
    from_state: str
    to_state: str
    article: str
    warnings: list[RefusalOut]

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class DecisionOut(Schema):
    kind: str
    penalty: dict[str, Any]
    fine: Decimal
    decided_on: date
    no_penalty_ground: str
    correction_required: bool
    service_due: date | None
    served_on: date | None


class PaymentOut(Schema):
    id: int
    paid_on: date
    amount: Decimal
    surcharge: Decimal
    reference: str


class CaseDetailOut(CaseOut):
    lead_source: str = Field("", alias="lead.source")
    lead_facts: str = Field("", alias="lead.facts")
    facts: dict[str, Any]
    triggers: dict[str, Any]
    recommendation: dict[str, Any]
    officers: list[CaseOfficerOut]
    documents: list[DocumentOut]
    deadlines: list[CaseDeadlineOut]
    steps: list[StepOut]
    decision: DecisionOut | None
    payments: list[PaymentOut]
    outstanding: Decimal
    surcharge: Decimal

    @staticmethod
    def resolve_officers(obj):
        return [
            {
                "officer_id": row.officer_id,
                "name": str(row.officer),
                "role": row.role,
                "investigator": row.investigator,
                "recused": row.recused,
            }
            # names only: not the snapshot's certificates and suspensions (2 queries fewer)
            for row in obj.officers.select_related("officer__user")
        ]

    @staticmethod
    def resolve_documents(obj):
        return list(selectors.case_documents(obj))

    @staticmethod
    def resolve_deadlines(obj):
        return selectors.open_deadlines(obj)

    @staticmethod
    def resolve_steps(obj):
        return list(selectors.case_steps(obj))

    @staticmethod
    def resolve_decision(obj):
        return selectors.decision_of(obj)

    @staticmethod
    def resolve_payments(obj):
        return list(selectors.case_payments(obj))

    @staticmethod
    def resolve_outstanding(obj):
        return selectors.outstanding(obj, _day(obj)) if selectors.decision_of(obj) else Decimal(0)

    @staticmethod
    def resolve_surcharge(obj):
        surcharge = selectors.surcharge_of(obj, _day(obj)) if selectors.decision_of(obj) else None
        return surcharge.amount if surcharge else Decimal(0)


def _day(obj) -> date:
    return getattr(obj, "view_as_of", None) or timezone.localdate()


class StepResultOut(Schema):
    case: CaseOut
    step: StepOut | None
    documents: list[DocumentOut]
    warnings: list[RefusalOut]
    replayed: bool


class ActionOut(Schema):
    code: str
    label: str
    allowed: bool
    refusals: list[RefusalOut]
    form: list[str]


class ActionsOut(Schema):
    as_of: date
    roles: list[str]
    actions: list[ActionOut]


class TimelineOut(Schema):
    at: Any
    event_type: str
    label: str
    actor_name: str
    payload: dict[str, Any]


class StepIn(Schema):
    as_of: date | None = Field(None, description="办理日期；默认为今天")
    idempotency_key: str | None = None


class GenericStepIn(StepIn):
    inputs: dict[str, Any] = Field(default_factory=dict)


def _step_schema(name: str, *inputs: str, base: type[StepIn] = StepIn) -> type[StepIn]:
    """A step's body schema: the day, the idempotency key and `inputs` as the procedure core's
    input table declares them (zhifa/core/procedure/inputs.py)."""
    fields: dict[str, Any] = {}
    for key in inputs:
        spec = INPUTS[key]
        if spec.factory is not None:
            fields[key] = (spec.kind, Field(default_factory=spec.factory))
        else:
            fields[key] = (spec.kind, spec.default)
    return create_model(name, __base__=base, __module__=__name__, **fields)


ReasonIn = _step_schema("ReasonIn", "reason")
TransferIn = _step_schema("TransferIn", "to_agency", base=ReasonIn)
SummaryIn = _step_schema("SummaryIn", "summary")
CollectIn = _step_schema("CollectIn", "collection_ground", "receipt_issued", "reference")
StatementIn = _step_schema("StatementIn", "text")
HearingDateIn = _step_schema("HearingDateIn", "hearing_date")
HearingHoldIn = _step_schema("HearingHoldIn", "record")
DeliberationIn = _step_schema("DeliberationIn", "attendees", "opinions", "resolution")
DemandIn = _step_schema("DemandIn", "service_method")


class BankDepositIn(StepIn):
    reference: str = Field("", description="银行缴款凭证号")


class OnSpotIn(StepIn):
    penalty: PenaltyIn
    onspot_steps: list[str] = Field(default_factory=list)
    facts_conclusive: bool = True
    has_legal_basis: bool = True
    service_method: str = "direct"
    correction_required: bool = True


class NoticeIn(StepIn):
    penalty: PenaltyIn
    service_method: str = "direct"


class HearingScheduleIn(StepIn):
    hearing_date: date
    chair_id: int | None = None


class LegalReviewIn(StepIn):
    outcome: str = Field(..., description="agree | problems")
    checklist: list[str] = Field(default_factory=list)
    opinion: str = ""
    reviewer_qualified: bool = False
    send_back_to: str = Field("investigation", description="investigation | report")


class CaseDecisionIn(StepIn):
    penalty: PenaltyIn | None = None
    no_penalty_ground: str | None = None
    correction_required: bool = True
    education: str = ""
    exemption_reason: str = Field(
        "", description="裁量建议为“可以不予处罚”而决定处罚时，写明不予免罚的理由"
    )


class ServiceIn(StepIn):
    method: str
    address: str = ""
    recipient: str = ""


class PaymentIn(StepIn):
    amount: Money
    reference: str = ""


class PlanIn(StepIn):
    kind: str = Field(..., description="deferral | instalments")
    dues: list[date]
    hardship: str


class ExecutionIn(StepIn):
    """ACL Art. 43: when compulsory execution is carried out, and the emergency ground, if any,
    that allows it at night or on a statutory holiday."""

    executed_at: datetime | None = None
    emergency_ground: str = ""
    demolition: bool = Field(False, description="强制拆除（须另附强制拆除的全程录像，T4 §三(八)）")


class RemedyIn(StepIn):
    started_on: date
    ended_on: date | None = None


class OfficersIn(StepIn):
    officers: list[int]
    lead_officer: int | None = None


class RecusalIn(StepIn):
    officer_id: int
    requested_by: str = Field(..., description="party | officer")
    ground: str
    reason: str = ""


class RecusalDecisionIn(StepIn):
    approved: bool
    earlier_acts_stand: bool = True
    opinion: str = ""


class RecusalOut(Schema):
    id: int
    officer_id: int
    requested_by: str
    ground: str
    status: str
    requested_on: date
    decided_on: date | None


class CaseRecommendIn(StepIn):
    facts: dict[str, Any] | None = None


class CaseDeviationIn(StepIn):
    amount: Money
    reason: str


class CaseDeviationOut(Schema):
    id: int
    amount: Decimal
    reason: str
    approved_on: date


class RecordIn(StepIn):
    kind: str = Field(
        ..., description="interview_record | examination_record | onsite_record | sampling_voucher"
    )
    summary: str = ""
    at_premises: bool = Field(False, description="在执法办案场所内询问（须全程录像）")


# --- helpers -------------------------------------------------------------------------------------


def _as_of(payload: StepIn) -> date:
    return payload.as_of or timezone.localdate()


def _key(request, payload: StepIn) -> str | None:
    return payload.idempotency_key or request.headers.get("Idempotency-Key") or None


def _case(request, case_id: int) -> Case:
    return selectors.access_case(request.user, case_id)


def _result(result) -> dict:
    step = result.step
    return {
        "case": result.case,
        "step": step,
        "documents": list(result.documents),
        "warnings": list(result.warnings),
        "replayed": result.replayed,
    }


def _penalty(p: PenaltyIn | None) -> dict | None:
    if p is None:
        return None
    return {
        "kinds": p.kinds,
        "fine": str(p.fine),
        "confiscation": str(p.confiscation),
        "mitigated": p.mitigated,
    }


def _step(request, case_id: int, payload: StepIn, service, **inputs) -> dict:
    case = _case(request, case_id)
    return _result(
        service(
            case,
            actor=request.user,
            as_of=_as_of(payload),
            idempotency_key=_key(request, payload),
            **inputs,
        )
    )


def _detail(case: Case, as_of: date) -> Case:
    """The case for `CaseDetailOut`, with the day its amounts are computed on."""
    case.view_as_of = as_of
    return case


# --- reads -----------------------------------------------------------------------------------------


@router.get("", response=CasePage, summary="案件列表（本机构及下级机构）")
def list_cases(
    request,
    state: str = "",
    procedure: str | None = None,
    officer: int | None = None,
    overdue: bool | None = None,
    q: str = "",
    as_of: date | None = None,
    agency: int | None = None,
    limit: int = 50,
    offset: Offset = 0,
):
    """`agency`: that agency and the agencies below it (a supervisor's filter); outside scope 404."""
    if state and state not in STATE_LABEL:
        raise InvalidInput("案件状态有误", code="invalid_state", details={"state": state})
    qs = selectors.filter_cases(
        request.user,
        state=state or None,
        procedure=procedure,
        officer=officer,
        overdue=overdue,
        q=q,
        as_of=as_of,
        agency=agency,
    )
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    rows = selectors.with_decision_due(qs)[offset : offset + limit]
    return {"count": qs.count(), "items": list(rows)}


@router.get("/{int:case_id}", response=CaseDetailOut, summary="案件详情")
def get_case(request, case_id: int, as_of: date | None = None):
    return _detail(_case(request, case_id), as_of or timezone.localdate())


@router.get("/{int:case_id}/timeline", response=list[TimelineOut], summary="全过程记录（时间线）")
def get_timeline(request, case_id: int):
    return selectors.case_timeline(_case(request, case_id))


@router.get("/{int:case_id}/actions", response=ActionsOut, summary="当前用户现在可以办理的操作")
def get_actions(request, case_id: int, as_of: date | None = None):
    case = _case(request, case_id)
    day = as_of or timezone.localdate()
    return {
        "as_of": day,
        "roles": sorted(selectors.roles_for(request.user, case, day)),
        "actions": selectors.actions_for(request.user, case, day),
    }


@router.get("/{int:case_id}/documents", response=list[DocumentOut], summary="案件文书")
def get_documents(request, case_id: int):
    return list(selectors.case_documents(_case(request, case_id)))


# --- leads, details, officers, recusal ---------------------------------------------------------------


@router.post("/leads", response={201: CaseOut}, summary="登记线索（案件从线索开始）")
def create_lead(request, payload: LeadIn):
    agency = (
        access_agency(request.user, payload.agency_id)
        if payload.agency_id is not None
        else request.user.agency
    )
    if agency is None:
        raise InvalidInput("请选择受理机构", code="agency_required")
    case = services.create_lead(
        actor=request.user,
        agency=agency,
        source=payload.source,
        facts=payload.facts,
        received_on=payload.received_on,
        party=payload.party.dict() if payload.party else None,
        violation_date=payload.violation_date,
        provision=payload.provision,
        officers=payload.officers,
        limitation_years=payload.limitation_years,
        triggers=payload.triggers,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key"),
    )
    return Status(201, case)


@router.patch(
    "/{int:case_id}", response=CaseDetailOut, summary="更新案件信息（条款、事实、情节标记）"
)
def update_case(request, case_id: int, payload: DetailsIn):
    case = _case(request, case_id)
    changes = payload.dict(exclude_unset=True)
    as_of = changes.pop("as_of", None)
    if "party" in changes and changes["party"] is not None:
        changes["party"] = payload.party.dict()
    case = services.update_case_details(case, actor=request.user, as_of=as_of, **changes)
    return _detail(case, timezone.localdate())


@router.post("/{int:case_id}/officers", response=list[CaseOfficerOut], summary="指派承办人员")
def assign_officers(request, case_id: int, payload: OfficersIn):
    case = _case(request, case_id)
    services.assign_officers(
        case,
        actor=request.user,
        officers=payload.officers,
        lead_officer=payload.lead_officer,
        as_of=_as_of(payload),
    )
    return CaseDetailOut.resolve_officers(case)


@router.post("/{int:case_id}/recusals", response={201: RecusalOut}, summary="提出回避")
def request_recusal(request, case_id: int, payload: RecusalIn):
    case = _case(request, case_id)
    recusal = services.request_recusal(
        case,
        actor=request.user,
        officer=payload.officer_id,
        requested_by=payload.requested_by,
        ground=payload.ground,
        reason=payload.reason,
        as_of=_as_of(payload),
    )
    return Status(201, recusal)


@router.post(
    "/{int:case_id}/recusals/{int:recusal_id}/decision",
    response=RecusalOut,
    summary="执法部门负责人作出回避决定",
)
def decide_recusal(request, case_id: int, recusal_id: int, payload: RecusalDecisionIn):
    case = _case(request, case_id)
    recusal = case.recusals.filter(pk=recusal_id).first()
    if recusal is None:
        raise InvalidInput("回避申请不存在", code="recusal_not_found")
    return services.decide_recusal(
        recusal,
        actor=request.user,
        approved=payload.approved,
        as_of=_as_of(payload),
        earlier_acts_stand=payload.earlier_acts_stand,
        opinion=payload.opinion,
    )


@router.post("/{int:case_id}/recommendation", response=dict[str, Any], summary="生成裁量建议")
def recommend(request, case_id: int, payload: CaseRecommendIn):
    case = _case(request, case_id)
    return services.recommend_penalty(
        case, actor=request.user, as_of=_as_of(payload), facts=payload.facts
    )


@router.post(
    "/{int:case_id}/deviations",
    response={201: CaseDeviationOut},
    summary="批准偏离裁量建议的罚款数额",
)
def approve_deviation(request, case_id: int, payload: CaseDeviationIn):
    case = _case(request, case_id)
    approval = services.approve_deviation(
        case,
        actor=request.user,
        amount=payload.amount,
        reason=payload.reason,
        as_of=_as_of(payload),
    )
    return Status(201, approval)


@router.post("/{int:case_id}/records", response={201: DocumentOut}, summary="制作调查笔录（证据）")
def record_investigation(request, case_id: int, payload: RecordIn):
    case = _case(request, case_id)
    document = services.record_investigation_record(
        case,
        actor=request.user,
        kind=payload.kind,
        summary=payload.summary,
        as_of=_as_of(payload),
        at_premises=payload.at_premises,
    )
    return Status(201, document)


# --- the generic step and the typed steps -------------------------------------------------------


@router.post(
    "/{int:case_id}/steps/{code}", response=StepResultOut, summary="办理任一程序步骤（按转换代码）"
)
def fire_step(request, case_id: int, code: str, payload: GenericStepIn):
    case = _case(request, case_id)
    inputs = dict(payload.inputs)
    inputs.pop("actor", None)
    inputs.pop("as_of", None)
    return _result(
        services.fire_step(
            case,
            code[:64],
            actor=request.user,
            as_of=_as_of(payload),
            idempotency_key=_key(request, payload),
            **inputs,
        )
    )


def _simple(path: str, service, summary: str, schema=StepIn):
    """Register POST /{case_id}/<path> calling `service` with the schema's inputs."""
    fields = tuple(f for f in schema.model_fields if f not in StepIn.model_fields)

    def endpoint(request, case_id: int, payload: schema):  # type: ignore[valid-type]
        inputs = {f: getattr(payload, f) for f in fields}
        return _step(request, case_id, payload, service, **inputs)

    endpoint.__name__ = "step_" + path.replace("/", "_").replace("-", "_")
    router.post(f"/{{int:case_id}}/{path}", response=StepResultOut, summary=summary)(endpoint)


_simple("decline", services.decline_lead, "不予立案（执法部门负责人）", ReasonIn)
_simple("file", services.file_case, "立案（执法部门负责人批准）")
_simple("on-spot/filing", services.file_onspot_decision, "当场处罚决定报所属部门备案")
_simple("on-spot/collection", services.collect_on_spot, "当场收缴罚款", CollectIn)
_simple(
    "on-spot/cash-handover", services.hand_over_cash, "当场收缴的罚款交至行政机关（二个工作日内）"
)
_simple(
    "on-spot/bank-deposit",
    services.deposit_cash,
    "当场收缴的罚款缴付指定银行（二个工作日内）",
    BankDepositIn,
)
_simple("investigation", services.start_investigation, "开始调查取证")
_simple("report", services.submit_report, "提交案件调查报告", SummaryIn)
_simple("report/review", services.review_report, "办案机构负责人审核调查报告")
_simple("report/return", services.return_report, "退回补充调查", ReasonIn)
_simple("report/approve", services.approve_report, "批准调查报告")
_simple("statement", services.record_statement, "记录当事人陈述申辩", StatementIn)
_simple("hearing/request", services.request_hearing, "登记当事人听证申请")
_simple("hearing/postpone", services.postpone_hearing, "延期举行听证", ReasonIn)
_simple("hearing/reschedule", services.reschedule_hearing, "重新确定听证日期", HearingDateIn)
_simple("hearing/suspend", services.suspend_hearing, "中止听证", ReasonIn)
_simple("hearing/resume", services.resume_hearing, "恢复听证", HearingDateIn)
_simple("hearing/hold", services.hold_hearing, "举行听证并制作笔录", HearingHoldIn)
_simple("hearing/terminate", services.terminate_hearing, "终止听证", ReasonIn)
_simple("legal-review/submit", services.submit_legal_review, "提交法制审核")
_simple("deliberation/refer", services.refer_to_deliberation, "提交集体讨论")
_simple("deliberation", services.record_deliberation, "集体讨论作出决定", DeliberationIn)
_simple("deliberation/reopen", services.reopen_investigation, "按集体讨论决定补充调查")
_simple("period-extension", services.extend_decision_period, "延长办案期限", ReasonIn)
_simple("performance", services.start_performance, "开始履行期（计算缴款期限）")
_simple("publication", services.publish_decision, "公示行政处罚决定（七个工作日内）")
_simple("payment-plan/approve", services.approve_plan, "批准暂缓或分期缴纳")
_simple("overdue", services.mark_overdue, "登记逾期未缴纳")
_simple("demand", services.issue_demand, "送达催告书", DemandIn)
_simple("court-enforcement", services.apply_court_enforcement, "申请人民法院强制执行")
_simple("execution", services.decide_execution, "作出行政强制执行决定", ExecutionIn)
_simple("execution/suspend", services.suspend_execution, "中止执行", ReasonIn)
_simple("execution/resume", services.resume_execution, "恢复执行", ExecutionIn)
_simple("execution/terminate", services.terminate_execution, "终结执行", ReasonIn)
_simple("close", services.close_case, "结案（执法部门负责人批准）", SummaryIn)
_simple("archive", services.archive_case, "归档")
_simple("terminate", services.terminate, "终止调查", ReasonIn)
_simple("transfer", services.transfer, "移送有管辖权的机关", TransferIn)
_simple("transfer-crime", services.transfer_crime, "移送涉嫌犯罪案件（正职负责人）")


@router.post(
    "/{int:case_id}/on-spot", response=StepResultOut, summary="简易程序：当场作出行政处罚决定"
)
def decide_on_spot(request, case_id: int, payload: OnSpotIn):
    return _step(
        request,
        case_id,
        payload,
        services.decide_on_spot,
        penalty=_penalty(payload.penalty),
        onspot_steps=payload.onspot_steps,
        service_method=payload.service_method,
        facts_conclusive=payload.facts_conclusive,
        has_legal_basis=payload.has_legal_basis,
        correction_required=payload.correction_required,
    )


@router.post("/{int:case_id}/notice", response=StepResultOut, summary="送达违法行为通知书（告知）")
def serve_notice(request, case_id: int, payload: NoticeIn):
    return _step(
        request,
        case_id,
        payload,
        services.serve_rights_notice,
        penalty=_penalty(payload.penalty),
        service_method=payload.service_method,
    )


@router.post(
    "/{int:case_id}/hearing/schedule", response=StepResultOut, summary="指定听证主持人并通知听证"
)
def schedule_hearing(request, case_id: int, payload: HearingScheduleIn):
    return _step(
        request,
        case_id,
        payload,
        services.schedule_hearing,
        hearing_date=payload.hearing_date,
        chair=payload.chair_id,
    )


@router.post("/{int:case_id}/legal-review", response=StepResultOut, summary="法制审核意见")
def record_legal_review(request, case_id: int, payload: LegalReviewIn):
    return _step(
        request,
        case_id,
        payload,
        services.record_legal_review,
        outcome=payload.outcome,
        checklist=payload.checklist,
        opinion=payload.opinion,
        reviewer_qualified=payload.reviewer_qualified,
        send_back_to=payload.send_back_to,
    )


@router.post(
    "/{int:case_id}/decision", response=StepResultOut, summary="作出行政处罚或不予处罚决定"
)
def decide(request, case_id: int, payload: CaseDecisionIn):
    return _step(
        request,
        case_id,
        payload,
        services.decide,
        penalty=_penalty(payload.penalty),
        no_penalty_ground=payload.no_penalty_ground,
        correction_required=payload.correction_required,
        education=payload.education,
        exemption_reason=payload.exemption_reason,
    )


@router.post("/{int:case_id}/service", response=StepResultOut, summary="送达处罚决定书")
def serve(request, case_id: int, payload: ServiceIn):
    return _step(
        request,
        case_id,
        payload,
        services.serve,
        method=payload.method,
        address=payload.address,
        recipient=payload.recipient,
    )


class PaymentResultOut(Schema):
    payment: PaymentOut | None
    result: StepResultOut | None
    outstanding: Decimal


@router.post("/{int:case_id}/payments", response=PaymentResultOut, summary="登记缴款")
def record_payment(request, case_id: int, payload: PaymentIn):
    case = _case(request, case_id)
    as_of = _as_of(payload)
    out = services.record_payment(
        case,
        actor=request.user,
        as_of=as_of,
        amount=payload.amount,
        reference=payload.reference,
        idempotency_key=_key(request, payload),
    )
    if isinstance(out, services.StepResult):
        return {
            "payment": out.case.payments.order_by("-id").first(),
            "result": _result(out),
            "outstanding": Decimal(0),
        }
    case.refresh_from_db()
    return {"payment": out, "result": None, "outstanding": selectors.outstanding(case, as_of)}


def _fact_result(request, case: Case) -> dict:
    return _detail(case, timezone.localdate())


@router.post(
    "/{int:case_id}/statement/waiver", response=CaseDetailOut, summary="当事人明确放弃陈述申辩"
)
def waive_statement(request, case_id: int, payload: StepIn):
    case = services.waive_statement(
        _case(request, case_id), actor=request.user, as_of=_as_of(payload)
    )
    return _fact_result(request, case)


@router.post("/{int:case_id}/hearing/waiver", response=CaseDetailOut, summary="当事人放弃听证")
def waive_hearing(request, case_id: int, payload: StepIn):
    case = services.waive_hearing(
        _case(request, case_id), actor=request.user, as_of=_as_of(payload)
    )
    return _fact_result(request, case)


@router.post(
    "/{int:case_id}/payment-plan", response=CaseDetailOut, summary="登记暂缓或分期缴纳申请"
)
def apply_for_plan(request, case_id: int, payload: PlanIn):
    case = _case(request, case_id)
    services.apply_for_payment_plan(
        case,
        actor=request.user,
        as_of=_as_of(payload),
        kind=payload.kind,
        dues=payload.dues,
        hardship=payload.hardship,
    )
    return _fact_result(request, case)


@router.post(
    "/{int:case_id}/remedies", response=CaseDetailOut, summary="登记行政复议或诉讼（加处罚款暂停）"
)
def record_remedy(request, case_id: int, payload: RemedyIn):
    case = _case(request, case_id)
    services.record_remedy(
        case,
        actor=request.user,
        as_of=_as_of(payload),
        started_on=payload.started_on,
        ended_on=payload.ended_on,
    )
    return _fact_result(request, case)


class RemedyFileIn(StepIn):
    kind: str = Field(..., description="reconsideration（行政复议）| litigation（行政诉讼）")
    started_on: date = Field(..., description="申请复议或起诉日期")
    body: str = Field(..., description="复议机关或人民法院")
    reference: str = Field("", description="受理文书号或案号")


class RemedyOutcomeIn(StepIn):
    outcome: str = Field(
        ...,
        description="upheld | changed | revoked | confirmed_illegal | confirmed_void | "
        "ordered_to_perform | withdrawn | settled",
    )
    decided_on: date = Field(..., description="复议决定或裁判日期")
    reference: str = Field("", description="复议决定书或裁判文书号")
    note: str = ""


class RemedyFollowUpIn(StepIn):
    note: str = Field(..., description="纠错落实情况（退还罚款、终结执行、重新作出决定等）")


class RemedyOut(Schema):
    id: int
    kind: str
    kind_label: str
    body: str
    reference: str
    started_on: date
    ended_on: date | None
    pending: bool
    outcome: str
    outcome_label: str
    outcome_reference: str
    outcome_note: str
    reversing: bool = Field(
        ..., description="结果纠正了原决定（变更、撤销、确认违法或无效、责令履行）"
    )
    follow_up_codes: list[str]
    follow_ups: list[str]
    followed_up_on: date | None
    follow_up_note: str


def _remedy_out(case: Case, remedy_id: int) -> dict:

    return next(r for r in remedies.remedy_rows(case) if r["id"] == remedy_id)


@router.get(
    "/{int:case_id}/remedy-proceedings", response=list[RemedyOut], summary="行政复议和诉讼及其结果"
)
def list_remedies(request, case_id: int):

    return remedies.remedy_rows(_case(request, case_id))


@router.post(
    "/{int:case_id}/remedy-proceedings",
    response=RemedyOut,
    summary="登记申请行政复议或提起行政诉讼",
)
def file_remedy(request, case_id: int, payload: RemedyFileIn):

    case = _case(request, case_id)
    row = remedies.file_remedy(
        case,
        actor=request.user,
        as_of=_as_of(payload),
        kind=payload.kind,
        started_on=payload.started_on,
        body=payload.body,
        reference=payload.reference,
    )
    return _remedy_out(case, row.pk)


@router.post(
    "/{int:case_id}/remedy-proceedings/{int:remedy_id}/outcome",
    response=RemedyOut,
    summary="登记行政复议决定或裁判结果",
)
def remedy_outcome(request, case_id: int, remedy_id: int, payload: RemedyOutcomeIn):

    case = _case(request, case_id)
    remedies.record_outcome(
        case,
        remedy_id,
        actor=request.user,
        as_of=_as_of(payload),
        outcome=payload.outcome,
        decided_on=payload.decided_on,
        reference=payload.reference,
        note=payload.note,
    )
    return _remedy_out(case, remedy_id)


@router.post(
    "/{int:case_id}/remedy-proceedings/{int:remedy_id}/follow-up",
    response=RemedyOut,
    summary="登记纠错落实情况（执法部门负责人）",
)
def remedy_follow_up(request, case_id: int, remedy_id: int, payload: RemedyFollowUpIn):

    case = _case(request, case_id)
    remedies.record_follow_up(
        case, remedy_id, actor=request.user, as_of=_as_of(payload), note=payload.note
    )
    return _remedy_out(case, remedy_id)


def _fact_endpoint(path: str, service, summary: str):
    def endpoint(request, case_id: int, payload: StepIn):
        case = service(_case(request, case_id), actor=request.user, as_of=_as_of(payload))
        return _fact_result(request, case)

    endpoint.__name__ = "fact_" + path.replace("/", "_").replace("-", "_")
    router.post(f"/{{int:case_id}}/{path}", response=CaseDetailOut, summary=summary)(endpoint)


_fact_endpoint(
    "court-enforcement/acceptance", services.record_court_acceptance, "登记法院受理强制执行申请"
)
_fact_endpoint(
    "court-enforcement/finished",
    services.record_court_enforcement_finished,
    "登记法院强制执行完毕",
)
_fact_endpoint("crime-report", services.submit_crime_report, "提出移送涉嫌犯罪案件报告")
_fact_endpoint("crime-handover", services.record_crime_handover, "登记案件已移交公安机关")


# --- calculators of the core (answered by the API too) ----------------------------------------


class SurchargeIn(Schema):
    fine: Money = Field(..., description="决定的罚款数额（元）", examples=["5000"])
    payment_due: date = Field(..., description="缴款期限（或批准的暂缓、分期缴纳期限）最后一日")
    as_of: date = Field(..., description="计算到哪一日")
    paid_on: date | None = Field(None, description="已缴纳的日期（计到该日）")
    rate_notified: bool = Field(True, description="处罚决定书是否已告知加处罚款标准")


class SurchargeOut(Schema):
    fine: Decimal
    payment_due: date
    counted_until: date
    days: int
    paused_days: int
    amount: Decimal
    capped: bool
    rate: Decimal
    basis: str
    article: str


@router.post("/surcharge", response=SurchargeOut, summary="计算加处罚款（每日3%，不超过罚款数额）")
def surcharge(request, payload: SurchargeIn):
    # APL Art. 72(1); ACL Art. 45; TEPP Art. 103: zhifa.core.payment.late_surcharge
    from zhifa.core.payment import late_surcharge

    s = late_surcharge(
        payload.fine,
        payload.payment_due,
        payload.as_of,
        paid_on=payload.paid_on,
        rate_notified=payload.rate_notified,
    )
    return {
        "fine": s.fine,
        "payment_due": s.payment_due,
        "counted_until": s.counted_until,
        "days": s.days,
        "paused_days": s.paused_days,
        "amount": s.amount,
        "capped": s.capped,
        "rate": s.rate,
        "basis": s.basis,
        "article": "《行政处罚法》第七十二条第一项；《行政强制法》第四十五条",
    }


class SummaryEligibilityIn(Schema):
    party_kind: str = Field(..., description="person | organisation")
    penalty: PenaltyIn
    facts_conclusive: bool = Field(False, description="违法事实确凿")
    has_legal_basis: bool = Field(False, description="有法定依据")


class RefusalOut(Schema):
    code: str
    message: str
    article: str


class SummaryEligibilityOut(Schema):
    eligible: bool
    refusals: list[RefusalOut]


@router.post(
    "/summary-eligibility",
    response=SummaryEligibilityOut,
    summary="是否可以适用简易程序（当场处罚）",
)
def summary_eligibility(request, payload: SummaryEligibilityIn):
    # APL Art. 51; TEPP Arts. 60, 130: zhifa.core.procedure.rules.summary_eligibility
    from zhifa.core.procedure import CaseTriggers, PartyKind, Penalty
    from zhifa.core.procedure.rules import summary_eligibility as check

    try:
        kind = PartyKind(payload.party_kind)
        penalty = Penalty(
            frozenset(payload.penalty.kinds),
            payload.penalty.fine,
            payload.penalty.confiscation,
        )
    except ValueError:
        raise InvalidInput("当事人类别或处罚种类有误", code="summary_input_invalid") from None
    triggers = CaseTriggers(
        facts_conclusive=payload.facts_conclusive, has_legal_basis=payload.has_legal_basis
    )
    refusals = check(penalty, kind, triggers)
    return {
        "eligible": not refusals,
        "refusals": [
            {"code": r.code, "message": r.message, "article": r.article} for r in refusals
        ],
    }


class QualificationIn(Schema):
    reviewer_id: int = Field(..., description="法制审核人员（用户）")
    certificate_number: str = Field(..., description="法律职业资格证书编号")
    obtained_on: date = Field(..., description="取得日期")


class QualificationOut(Schema):
    reviewer_id: int
    certificate_number: str
    obtained_on: date
    recorded_on: date


@router.post(
    "/reviewer-qualifications",
    response={201: QualificationOut},
    summary="登记法制审核人员的法律职业资格（一次登记，审核时由系统核对）",
)
def record_qualification(request, payload: QualificationIn):
    # APL Art. 58 para 2; TEPP Art. 71 para 2
    from django.contrib.auth import get_user_model

    from zhifa.core.errors import NotFound

    reviewer = get_user_model().objects.filter(pk=payload.reviewer_id).first()
    if reviewer is None or reviewer.agency_id != request.user.agency_id:
        raise NotFound("人员不存在或无权查看", code="user_not_found")
    row = services.record_reviewer_qualification(
        actor=request.user,
        reviewer=reviewer,
        certificate_number=payload.certificate_number,
        obtained_on=payload.obtained_on,
    )
    return Status(
        201,
        {
            "reviewer_id": reviewer.pk,
            "certificate_number": row.certificate_number,
            "obtained_on": row.obtained_on,
            "recorded_on": row.recorded_on,
        },
    )
