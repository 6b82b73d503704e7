"""Preservation, compulsory measures and the property ledger over JSON. Thin adapters: parse,
fetch through a scoped selector, call the service; domain errors become `{"code","message"}`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from zhifa.api_types import Money, Offset, Quantity
from zhifa.cases import selectors as case_selectors

from . import selectors, services

router = Router(tags=["measures"])
MAX_LIMIT = 200


# --- schemas: out ----------------------------------------------------------------------------------


class PropertyOut(Schema):
    id: int
    number: str = Field(..., description="财物编号（本机构按年度连续编号）")
    case_id: int
    source: str = Field(..., description="preservation / measure / other / proceeds")
    preservation_id: int | None
    measure_id: int | None
    parent_id: int | None = Field(None, description="拍卖、变卖所得款项的原物")
    description: str
    quantity: Decimal
    unit: str
    owner: str
    perishable: bool
    dangerous: bool
    custody: str = Field(
        ...,
        description="held_by_officer / on_site / at_appraisal / with_custodian / confiscated / disposed",
    )
    custody_label: str
    location: str
    taken_at: datetime
    handover_due_at: datetime | None = Field(None, description="移交保管期限（TEPP Art. 127）")
    handover_exception: str
    handed_over_at: datetime | None
    custodian_id: int | None
    unclaimed_notice_on: date | None
    disposal: str
    disposed_at: datetime | None

    @staticmethod
    def resolve_custody_label(obj) -> str:
        return obj.get_custody_display()


class DisposalOut(Schema):
    id: int
    item_id: int
    kind: str = Field(
        ..., description="return / auction / confiscate / treasury / destroy / transfer"
    )
    reason: str
    state: str = Field(..., description="pending / approved / refused / done")
    requested_by_id: int | None
    requested_at: datetime
    approved_by_id: int | None
    decided_at: datetime | None
    approval_basis: str
    decision_note: str
    carried_out_by_id: int | None
    carried_out_at: datetime | None
    recipient: str
    reference: str
    proceeds: Decimal | None


class PreservationOut(Schema):
    id: int
    case_id: int
    state: str = Field(
        ..., description="pending / refused / approved / active / decided / released / lapsed"
    )
    reason: str
    items_summary: str
    place: str
    requested_by_id: int
    requested_at: datetime
    approval: str
    approved_by_id: int | None
    approved_at: datetime | None
    approval_note: str
    started_at: datetime | None
    list_number: str | None = Field(None, description="证据登记保存清单编号")
    party_signed: bool
    party_refused: bool
    witness: str
    due: date | None = Field(
        None, description="处理决定期限：七个工作日（APL Art. 56; TEPP Art. 45）"
    )
    outcome: str
    decided_on: date | None
    decision_note: str
    release_number: str | None
    lapsed_at: datetime | None


class MeasureExtensionOut(Schema):
    days: int
    reason: str
    approved_by_id: int
    approved_on: date
    notice_number: str
    notice_served_on: date
    old_due: date
    new_due: date


class PauseOut(Schema):
    id: int
    kind: str
    start: date
    end: date
    body: str
    notice_served_on: date


class MeasureOut(Schema):
    id: int
    case_id: int
    kind: str = Field(..., description="seal 查封 / seize 扣押")
    state: str = Field(..., description="pending / refused / approved / active / released")
    basis_law: str
    basis_article: str
    reason: str
    items_summary: str
    place: str
    emergency: bool
    emergency_reason: str
    requested_by_id: int
    requested_at: datetime
    approval: str
    approved_by_id: int | None
    approved_at: datetime | None
    approval_note: str
    executed_at: datetime | None
    decision_number: str | None = Field(None, description="行政强制措施决定书编号")
    reported_at: datetime | None
    due: date | None = Field(None, description="期限届满日（含延长和不计入的检测鉴定期间）")
    due_basis: str
    released_on: date | None
    release_ground: str
    release_reason: str
    release_number: str | None
    extension: MeasureExtensionOut | None = None
    pauses: list[PauseOut] = []

    @staticmethod
    def resolve_extension(obj):
        rows = list(obj.extensions.all())
        return rows[0] if rows else None

    @staticmethod
    def resolve_pauses(obj):
        return list(obj.pauses.all())


class CaseMeasuresOut(Schema):
    case_id: int
    active_measures: int = Field(..., description="未解除或未处理的先行登记保存和查封、扣押")
    preservations: list[PreservationOut]
    measures: list[MeasureOut]
    property: list[PropertyOut]


class HistoryOut(Schema):
    at: datetime
    event_type: str
    label: str
    actor_name: str
    payload: dict


class PropertyPage(Schema):
    count: int
    items: list[PropertyOut]


# --- schemas: in -----------------------------------------------------------------------------------


class ItemIn(Schema):
    description: str = Field(..., examples=["重型半挂牵引车 浙A12345"])
    quantity: Quantity = Field(..., examples=["1"])
    unit: str = Field(..., examples=["辆"])
    owner: str = ""
    location: str = ""
    perishable: bool = False
    dangerous: bool = False
    on_site: bool = Field(False, description="就地保存或查封，不取走")


class SignaturesIn(Schema):
    officers: list[int] | None = Field(
        None, description="签名的执法人员（Officer id），默认本案全部可执法人员"
    )
    party_signed: bool = False
    party_refused: bool = False
    witness: str = ""


class ApprovalIn(Schema):
    approve: bool
    note: str = ""


class PreservationRequestIn(Schema):
    reason: str = Field(..., description="证据可能灭失或者以后难以取得的情形")
    items_summary: str
    place: str = ""


class PreservationStartIn(SignaturesIn):
    items: list[ItemIn]
    started_at: datetime | None = None


class PreservationDecisionIn(Schema):
    outcome: str = Field(
        ..., description="release / appraisal / transfer / confiscation / seizure（TEPP Art. 45）"
    )
    note: str = ""
    as_of: date | None = None


class MeasureRequestIn(Schema):
    kind: str = Field(..., description="seal 查封 / seize 扣押")
    basis_law: str = Field(..., description="法律、法规名称", examples=["《公路安全保护条例》"])
    basis_article: str = Field(..., examples=["第七十二条"])
    reason: str
    items_summary: str
    place: str = ""


class EmergencyIn(SignaturesIn):
    kind: str
    basis_law: str
    basis_article: str
    reason: str
    emergency_reason: str
    items: list[ItemIn]
    place: str = ""
    taken_at: datetime | None = None


class ExecuteIn(SignaturesIn):
    items: list[ItemIn] = Field(
        default_factory=list, description="清单物品；由先行登记保存转入时留空"
    )
    executed_at: datetime | None = None
    preservation_id: int | None = Field(
        None,
        description="处理决定为查封、扣押的先行登记保存：其物品原号转入，不再重复登记",
    )


class ReportIn(Schema):
    note: str
    reported_at: datetime | None = None


class ExtendIn(Schema):
    days: int = Field(..., description="延长日数，不超过三十日，只能延长一次（ACL Art. 25）")
    reason: str
    notice_served_on: date | None = Field(
        None, description="《延长行政强制措施期限通知书》送达日期"
    )
    as_of: date | None = None


class PauseIn(Schema):
    kind: str = Field(..., description="testing / inspection / quarantine / appraisal")
    start: date
    end: date
    notice_served_on: date | None = Field(None, description="书面告知当事人的日期")
    body: str = ""


class ReleaseIn(Schema):
    ground: str = Field(
        ..., description="no_violation / unrelated / decided / expired / unnecessary（ACL Art. 28）"
    )
    reason: str
    as_of: date | None = None


class RegisterIn(Schema):
    items: list[ItemIn]
    taken_at: datetime | None = None


class HandoverIn(Schema):
    custodian_id: int
    location: str
    at: datetime | None = None


class HandoverExceptionIn(Schema):
    exception: str = Field(..., description="remote / urgent_appraisal（TEPP Art. 127）")
    reason: str
    returned_at: datetime | None = None


class AppraisalIn(Schema):
    body: str
    at: datetime | None = None


class AppraisalDoneIn(Schema):
    result: str = ""
    at: datetime | None = None


class RelocateIn(Schema):
    location: str
    reason: str


class UnclaimedNoticeIn(Schema):
    published_on: date | None = None
    reason: str = ""


class DisposalIn(Schema):
    kind: str
    reason: str


class CarryOutIn(Schema):
    recipient: str = ""
    reference: str = ""
    proceeds: Money | None = None
    at: datetime | None = None


def _items(payload) -> list[dict]:
    return [item.dict() for item in payload.items]


def _signatures(payload) -> dict:
    return {
        "officers": payload.officers,
        "party_signed": payload.party_signed,
        "party_refused": payload.party_refused,
        "witness": payload.witness,
    }


def _on_the_spot(act, subject, request, payload, moment: str):
    """Carry out an approved preservation or measure: the items counted, when, who signed."""
    return act(
        subject,
        actor=request.user,
        items=_items(payload),
        **{moment: getattr(payload, moment)},
        **_signatures(payload),
    )


# --- one case --------------------------------------------------------------------------------------


@router.get(
    "/cases/{int:case_id}",
    response=CaseMeasuresOut,
    summary="案件的先行登记保存、强制措施和涉案财物",
)
def case_overview(request, case_id: int):
    case = case_selectors.access_case(request.user, case_id)
    return {
        "case_id": case.pk,
        "active_measures": selectors.active_measure_count(case),
        "preservations": list(selectors.case_preservations(request.user, case.pk)),
        "measures": list(selectors.case_measures(request.user, case.pk)),
        "property": list(selectors.case_property(request.user, case.pk)),
    }


# --- preservation ----------------------------------------------------------------------------------


@router.post(
    "/cases/{int:case_id}/preservations",
    response={201: PreservationOut},
    summary="申请先行登记保存（报执法部门负责人批准）",
)
def request_preservation(request, case_id: int, payload: PreservationRequestIn):
    case = case_selectors.access_case(request.user, case_id)
    return Status(201, services.request_preservation(case, actor=request.user, **payload.dict()))


@router.get(
    "/preservations/{int:preservation_id}", response=PreservationOut, summary="查看先行登记保存"
)
def get_preservation(request, preservation_id: int):
    return selectors.access_preservation(request.user, preservation_id)


@router.get(
    "/preservations/{int:preservation_id}/history",
    response=list[HistoryOut],
    summary="先行登记保存的全过程记录",
)
def preservation_history(request, preservation_id: int):
    return selectors.preservation_history(request.user, preservation_id)


@router.post(
    "/preservations/{int:preservation_id}/approval",
    response=PreservationOut,
    summary="负责人审批先行登记保存",
)
def approve_preservation(request, preservation_id: int, payload: ApprovalIn):
    p = selectors.access_preservation(request.user, preservation_id)
    return services.decide_preservation_approval(p, actor=request.user, **payload.dict())


@router.post(
    "/preservations/{int:preservation_id}/start",
    response=PreservationOut,
    summary="实施先行登记保存（清点、签名）",
)
def start_preservation(request, preservation_id: int, payload: PreservationStartIn):
    p = selectors.access_preservation(request.user, preservation_id)
    return _on_the_spot(services.start_preservation, p, request, payload, "started_at")


@router.post(
    "/preservations/{int:preservation_id}/decision",
    response=PreservationOut,
    summary="七个工作日内作出处理决定",
)
def decide_preservation(request, preservation_id: int, payload: PreservationDecisionIn):
    p = selectors.access_preservation(request.user, preservation_id)
    return services.decide_preservation(p, actor=request.user, **payload.dict())


# --- compulsory measures -----------------------------------------------------------------------------


@router.post(
    "/cases/{int:case_id}/measures",
    response={201: MeasureOut},
    summary="申请实施查封、扣押（须载明法律依据，报负责人批准）",
)
def request_measure(request, case_id: int, payload: MeasureRequestIn):
    case = case_selectors.access_case(request.user, case_id)
    return Status(201, services.request_measure(case, actor=request.user, **payload.dict()))


@router.post(
    "/cases/{int:case_id}/measures/emergency",
    response={201: MeasureOut},
    summary="情况紧急当场实施查封、扣押（24小时内报告）",
)
def take_emergency_measure(request, case_id: int, payload: EmergencyIn):
    case = case_selectors.access_case(request.user, case_id)
    data = payload.dict()
    for key in ("items", "officers", "party_signed", "party_refused", "witness"):
        data.pop(key)
    measure = services.take_emergency_measure(
        case, actor=request.user, items=_items(payload), **_signatures(payload), **data
    )
    return Status(201, measure)


@router.get("/measures/{int:measure_id}", response=MeasureOut, summary="查看行政强制措施")
def get_measure(request, measure_id: int):
    return selectors.access_measure(request.user, measure_id)


@router.get(
    "/measures/{int:measure_id}/history",
    response=list[HistoryOut],
    summary="行政强制措施的全过程记录",
)
def measure_history(request, measure_id: int):
    return selectors.measure_history(request.user, measure_id)


@router.post(
    "/measures/{int:measure_id}/approval",
    response=MeasureOut,
    summary="负责人批准（紧急情况为事后补办）",
)
def approve_measure(request, measure_id: int, payload: ApprovalIn):
    m = selectors.access_measure(request.user, measure_id)
    return services.decide_measure_approval(m, actor=request.user, **payload.dict())


@router.post(
    "/measures/{int:measure_id}/execute",
    response=MeasureOut,
    summary="实施已批准的查封、扣押（须有全程录像）",
)
def execute_measure(request, measure_id: int, payload: ExecuteIn):
    m = selectors.access_measure(request.user, measure_id)
    if payload.preservation_id is None:
        return _on_the_spot(services.execute_measure, m, request, payload, "executed_at")
    p = selectors.access_preservation(request.user, payload.preservation_id)
    return services.execute_measure(
        m,
        actor=request.user,
        items=_items(payload),
        executed_at=payload.executed_at,
        preservation=p,
        **_signatures(payload),
    )


@router.post(
    "/measures/{int:measure_id}/report", response=MeasureOut, summary="当场实施后向负责人报告"
)
def report_measure(request, measure_id: int, payload: ReportIn):
    m = selectors.access_measure(request.user, measure_id)
    return services.report_emergency_measure(m, actor=request.user, **payload.dict())


@router.post(
    "/measures/{int:measure_id}/extension",
    response={201: MeasureExtensionOut},
    summary="延长查封、扣押期限（一次，不超过三十日）",
)
def extend_measure(request, measure_id: int, payload: ExtendIn):
    m = selectors.access_measure(request.user, measure_id)
    return Status(201, services.extend_measure(m, actor=request.user, **payload.dict()))


@router.post(
    "/measures/{int:measure_id}/pauses",
    response={201: PauseOut},
    summary="登记不计入期限的检测、鉴定期间",
)
def record_pause(request, measure_id: int, payload: PauseIn):
    m = selectors.access_measure(request.user, measure_id)
    return Status(201, services.record_pause(m, actor=request.user, **payload.dict()))


@router.post("/measures/{int:measure_id}/release", response=MeasureOut, summary="解除行政强制措施")
def release_measure(request, measure_id: int, payload: ReleaseIn):
    m = selectors.access_measure(request.user, measure_id)
    return services.release_measure(m, actor=request.user, **payload.dict())


# --- property ledger -------------------------------------------------------------------------------


@router.get("/property", response=PropertyPage, summary="涉案财物台账（本机构及下级机构）")
def list_property(
    request,
    custody: str | None = None,
    case_id: int | None = None,
    q: str = "",
    limit: int = 50,
    offset: Offset = 0,
):
    qs = selectors.visible_property(request.user, custody=custody, case_id=case_id, q=q)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.post(
    "/cases/{int:case_id}/property",
    response={201: list[PropertyOut]},
    summary="登记以其他方式取得的涉案财物",
)
def register_property(request, case_id: int, payload: RegisterIn):
    case = case_selectors.access_case(request.user, case_id)
    items = services.register_property(
        case, actor=request.user, items=_items(payload), taken_at=payload.taken_at
    )
    return Status(201, items)


@router.get("/property/{int:item_id}", response=PropertyOut, summary="查看涉案财物")
def get_property(request, item_id: int):
    return selectors.access_property(request.user, item_id)


@router.get(
    "/property/{int:item_id}/history",
    response=list[HistoryOut],
    summary="涉案财物的全部状态变化（全过程记录）",
)
def property_history(request, item_id: int):
    return selectors.property_history(request.user, item_id)


@router.get(
    "/property/{int:item_id}/disposals", response=list[DisposalOut], summary="涉案财物的处置记录"
)
def property_disposals(request, item_id: int):
    item = selectors.access_property(request.user, item_id)
    return list(item.disposals.order_by("id"))


@router.post(
    "/property/{int:item_id}/handover",
    response=PropertyOut,
    summary="移交涉案财物管理人员保管（24小时内）",
)
def hand_over(request, item_id: int, payload: HandoverIn):
    item = selectors.access_property(request.user, item_id)
    return services.hand_over_property(
        item,
        actor=request.user,
        custodian=payload.custodian_id,
        location=payload.location,
        at=payload.at,
    )


@router.post(
    "/property/{int:item_id}/handover-exception",
    response=PropertyOut,
    summary="延后移交的例外情形（TEPP Art. 127）",
)
def handover_exception(request, item_id: int, payload: HandoverExceptionIn):
    item = selectors.access_property(request.user, item_id)
    return services.record_handover_exception(item, actor=request.user, **payload.dict())


@router.post("/property/{int:item_id}/appraisal", response=PropertyOut, summary="送检测、鉴定")
def send_for_appraisal(request, item_id: int, payload: AppraisalIn):
    item = selectors.access_property(request.user, item_id)
    return services.send_for_appraisal(item, actor=request.user, **payload.dict())


@router.post(
    "/property/{int:item_id}/appraisal-finished", response=PropertyOut, summary="检测、鉴定完毕"
)
def finish_appraisal(request, item_id: int, payload: AppraisalDoneIn):
    item = selectors.access_property(request.user, item_id)
    return services.finish_appraisal(item, actor=request.user, **payload.dict())


@router.post("/property/{int:item_id}/relocation", response=PropertyOut, summary="变更存放地点")
def relocate(request, item_id: int, payload: RelocateIn):
    item = selectors.access_property(request.user, item_id)
    return services.relocate_property(item, actor=request.user, **payload.dict())


@router.post(
    "/property/{int:item_id}/unclaimed-notice", response=PropertyOut, summary="无人认领财物公告"
)
def unclaimed_notice(request, item_id: int, payload: UnclaimedNoticeIn):
    item = selectors.access_property(request.user, item_id)
    return services.record_unclaimed_notice(item, actor=request.user, **payload.dict())


@router.post(
    "/property/{int:item_id}/disposals",
    response={201: DisposalOut},
    summary="申请处置涉案财物（须负责人批准）",
)
def request_disposal(request, item_id: int, payload: DisposalIn):
    item = selectors.access_property(request.user, item_id)
    return Status(201, services.request_disposal(item, actor=request.user, **payload.dict()))


@router.post(
    "/disposals/{int:disposal_id}/decision", response=DisposalOut, summary="负责人审批处置"
)
def decide_disposal(request, disposal_id: int, payload: ApprovalIn):
    disposal = selectors.access_disposal(request.user, disposal_id)
    return services.decide_disposal(disposal, actor=request.user, **payload.dict())


@router.post("/disposals/{int:disposal_id}/done", response=DisposalOut, summary="执行已批准的处置")
def carry_out_disposal(request, disposal_id: int, payload: CarryOutIn):
    disposal = selectors.access_disposal(request.user, disposal_id)
    return services.carry_out_disposal(disposal, actor=request.user, **payload.dict())
