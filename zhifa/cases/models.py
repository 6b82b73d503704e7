"""Cases (案件) and everything a case records on its way from lead to archive.

The case's state is the procedure core's (`zhifa.core.procedure.State`): only `services.fire_step`
changes it, after `zhifa.core.procedure.fire` has allowed the transition. The other rows are the
facts the core's snapshot (`CaseFacts`) is built from (see `selectors.case_facts`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core.procedure import Penalty, PenaltyKind, State

from .choices import (
    NO_PENALTY_GROUND_CHOICES,
    RECUSAL_GROUND_CHOICES,
    SERVICE_METHOD_CHOICES,
    STATE_CHOICES,
    STATE_LABEL,
    DecisionKind,
    DeliberationState,
    LeadSource,
    LeadState,
    OfficerRole,
    PartyKind,
    PlanKind,
    ProcedureKind,
    RecusalRequester,
    RecusalStatus,
    RemedyKind,
    RemedyOutcome,
    ResolutionKind,
    ReviewOutcome,
    ReviewState,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


def penalty_from_json(data: dict | None) -> Penalty | None:
    """A stored penalty dict back into the core's `Penalty` (None when empty)."""
    if not data:
        return None
    return Penalty(
        frozenset(PenaltyKind(k) for k in data.get("kinds", ())),
        Decimal(str(data.get("fine") or 0)),
        Decimal(str(data.get("confiscation") or 0)),
        Decimal(str(data["statutory_min"])) if data.get("statutory_min") is not None else None,
        Decimal(str(data["statutory_max"])) if data.get("statutory_max") is not None else None,
        bool(data.get("mitigated", False)),
        data.get("provision", ""),
    )


def penalty_to_json(p: Penalty | None) -> dict:
    if p is None:
        return {}
    return {
        "kinds": sorted(k.value for k in p.kinds),
        "fine": str(p.fine),
        "confiscation": str(p.confiscation),
        "statutory_min": None if p.statutory_min is None else str(p.statutory_min),
        "statutory_max": None if p.statutory_max is None else str(p.statutory_max),
        "mitigated": p.mitigated,
        "provision": p.provision,
    }


class Party(models.Model):
    """当事人: a person (resident ID number) or an organisation (unified social credit code)."""

    kind = models.CharField(_("类别"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=200)
    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18, db_index=True)
    plate = models.CharField(_("车辆号牌"), max_length=16, blank=True)
    address = models.CharField(_("住所或地址"), max_length=300, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    e_service_address = models.CharField(_("电子送达地址"), max_length=200, blank=True)
    e_service_confirmed = models.BooleanField(_("已签署送达地址确认书"), default=False)
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记机构")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["person", "organisation"]), name="party_kind_known"
            ),
        ]

    def __str__(self):
        return self.name


class Case(models.Model):
    """案件: one matter against one party, from the lead to the archive."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name=_("办案机构")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("当事人"),
    )
    case_number = models.CharField(_("案号"), max_length=64, null=True, blank=True, unique=True)
    number_year = models.PositiveSmallIntegerField(_("案号年度"), null=True, blank=True)
    procedure = models.CharField(
        _("程序"), max_length=16, choices=ProcedureKind.choices, blank=True, default=""
    )
    state = models.CharField(
        _("状态"), max_length=32, choices=STATE_CHOICES, default=State.LEAD.value, db_index=True
    )
    provision = models.ForeignKey(
        "law.PenaltyProvision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("处罚依据"),
    )
    violation_date = models.DateField(_("违法行为发生（终了）日期"), null=True, blank=True)
    limitation_years = models.PositiveSmallIntegerField(_("追责时效（年）"), default=2)
    lead_received_on = models.DateField(_("线索受理日期"))
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    last_step_on = models.DateField(_("上一步骤日期"), null=True, blank=True)
    report_unit_reviewed = models.BooleanField(_("调查报告已经办案机构审核"), default=False)
    crime_report_on = models.DateField(_("移送涉嫌犯罪报告日期"), null=True, blank=True)
    facts = models.JSONField(_("裁量事实"), default=dict, blank=True)
    triggers = models.JSONField(_("案件情节标记"), default=dict, blank=True)
    recommendation = models.JSONField(_("裁量建议"), default=dict, blank=True)
    # index for lists and the overdue job only; refreshed from the Deadline rows at every step
    next_due = models.DateField(_("最近到期日"), null=True, blank=True)
    # performance (履行) facts; the payment due and the demand's wait are deadlines (see below)
    surcharge_rate_notified = models.BooleanField(_("已告知加处罚款标准"), default=True)
    demand_served_on = models.DateField(_("催告书送达日期"), null=True, blank=True)
    has_execution_power = models.BooleanField(_("本机关有行政强制执行权"), default=False)
    court_accepted_on = models.DateField(_("法院受理强制执行日期"), null=True, blank=True)
    court_enforcement_finished_on = models.DateField(
        _("法院强制执行完毕日期"), null=True, blank=True
    )
    execution_suspended_on = models.DateField(_("中止执行日期"), null=True, blank=True)
    onspot_filed = models.BooleanField(_("当场处罚已备案"), default=False)
    crime_handed_over_on = models.DateField(_("移交公安机关日期"), null=True, blank=True)
    transferred_to = models.CharField(_("移送机关"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "state"], name="case_agency_state_idx"),
            models.Index(fields=["agency", "filed_on"], name="case_agency_filed_idx"),
            models.Index(fields=["agency", "state", "next_due"], name="case_agency_state_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limitation_years__in=[2, 5]), name="case_limitation_2_or_5"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in State]), name="case_state_known"
            ),
        ]

    def __str__(self):
        return self.case_number or f"线索{self.pk}"

    @property
    def state_label(self) -> str:
        return STATE_LABEL.get(self.state, self.state)

    @property
    def procedure_label(self) -> str:
        return str(ProcedureKind(self.procedure).label if self.procedure else _("未确定"))


# --- the case's deadlines live in the deadlines app only (TEPP Art. 78; issue 9, defect 8) ---------


def _deadline_rows(case):
    from zhifa.deadlines.selectors import deadlines_for

    return deadlines_for(case)


def _deadline_list(case) -> list:
    """The case's deadline rows (open and closed, earliest due first), read in one query and,
    inside a snapshot scope (zhifa.cases.selectors), once per scope: the snapshot asks for the
    open map, the decision, payment and demand dues in turn, each once a query before."""
    from .snapshot import _memo

    return _memo(
        ("deadline_rows", case.pk), lambda: list(_deadline_rows(case).prefetch_related(None))
    )


def _latest_row(case, codes: tuple[str, ...]):
    """The latest opened row among `codes`, open or closed (None: never opened)."""
    rows = [d for d in _deadline_list(case) if d.code in codes]
    return max(rows, key=lambda d: (d.opened_at, d.id), default=None)


def _open_deadlines(case) -> dict:
    """The case's open deadlines, read from the deadlines app: code → due, start, unit, amount,
    basis, provisional (the shape pages and the API show)."""
    out = {}
    for d in _deadline_list(case):  # earliest due first (deadlines_for)
        if d.state != "open":
            continue
        out[d.code] = {
            "due": d.due.isoformat(),
            "start": d.start.isoformat() if d.start else None,
            "unit": d.unit or "",
            "amount": d.amount,
            "basis": d.basis or "",
            "provisional": d.provisional,
        }
    return out


def _decision_due(case):
    """The 90-day decision period's due (APL Art. 60), moved by its one extension (TEPP Art. 78):
    the latest A13 row of the deadlines app, open or closed."""
    row = _latest_row(case, ("A13_decision", "A13_decision_extension"))
    return row.due if row is not None else None


def _latest_due(case, code: str):
    """The due of the case's latest deadline `code`, open or closed (None: never opened)."""
    row = _latest_row(case, (code,))
    return row.due if row is not None else None


def _payment_due(case):
    """The 15 days to pay from service (APL Art. 67): the deadlines app's A16 row, never a copy."""
    return _latest_due(case, "A16_fine_payment")


def _demand_wait_ends(case):
    """The 10 working days after the written demand is served (ACL Art. 54): the A21 row."""
    return _latest_due(case, "A21_demand_wait")


def _decision_period_extended(case) -> bool:
    rows = _deadline_list(case)
    if any(d.code == "A13_decision_extension" for d in rows):
        return True
    return any(d.code == "A13_decision" for d in rows) and (
        _deadline_rows(case).filter(code="A13_decision", extensions__decision="approved").exists()
    )


Case.deadlines = property(_open_deadlines)
Case.decision_due = property(_decision_due)
Case.decision_period_extended = property(_decision_period_extended)
Case.payment_due = property(_payment_due)
Case.demand_wait_ends = property(_demand_wait_ends)


class Lead(models.Model):
    """线索: a suspected violation found in an inspection, reported, transferred or assigned."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="lead", verbose_name=_("案件")
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="leads", verbose_name=_("受理机构")
    )
    source = models.CharField(_("来源"), max_length=16, choices=LeadSource.choices)
    facts = models.TextField(_("线索内容"))
    received_on = models.DateField(_("受理日期"))
    state = models.CharField(
        _("处理状态"), max_length=16, choices=LeadState.choices, default=LeadState.OPEN
    )
    not_filed_reason = models.TextField(_("不予立案理由"), blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.get_source_display()}：{self.facts[:30]}"


class CaseOfficer(models.Model):
    """An officer assigned to a case (承办人员); at least two may act on every step (APL Art. 42)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField(_("分工"), max_length=8, choices=OfficerRole.choices)
    investigator = models.BooleanField(_("参与调查"), default=True)
    recused = models.BooleanField(_("已回避"), default=False)
    assigned_on = models.DateField(_("指派日期"))

    class Meta:
        verbose_name = _("承办人员")
        verbose_name_plural = _("承办人员")
        ordering = ["case", "-role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "officer"], name="case_officer_once"),
        ]

    def __str__(self):
        return f"{self.case} {self.officer}（{self.get_role_display()}）"


class Recusal(models.Model):
    """回避: a party's request or an officer's own declaration, decided by the agency head
    (APL Art. 43; TEPP Arts. 12–16)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    requested_by = models.CharField(_("提出方"), max_length=8, choices=RecusalRequester.choices)
    ground = models.CharField(_("回避事由"), max_length=32, choices=RECUSAL_GROUND_CHOICES)
    reason = models.TextField(_("理由"), blank=True)
    requested_on = models.DateField(_("提出日期"))
    status = models.CharField(
        _("决定"), max_length=8, choices=RecusalStatus.choices, default=RecusalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    earlier_acts_stand = models.BooleanField(_("此前行为有效"), default=True)
    opinion = models.TextField(_("决定意见"), blank=True)

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} {self.officer} {self.get_status_display()}"


class StepRecord(models.Model):
    """One fired transition (审批/办案步骤): who, when, what the core returned."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(_("步骤"), max_length=64)
    label = models.CharField(_("名称"), max_length=64)
    actor = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("办理人"), max_length=150, blank=True)
    roles = models.JSONField(_("身份"), default=list)
    as_of = models.DateField(_("办理日期"))
    from_state = models.CharField(_("原状态"), max_length=32, choices=STATE_CHOICES)
    to_state = models.CharField(_("新状态"), max_length=32, choices=STATE_CHOICES)
    article = models.CharField(_("依据"), max_length=200)
    inputs = models.JSONField(_("输入"), default=dict)
    warnings = models.JSONField(_("提示"), default=list)
    outcome = models.JSONField(_("结果"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办案步骤")
        verbose_name_plural = _("办案步骤")
        ordering = ["id"]
        indexes = [models.Index(fields=["case", "code"], name="step_case_code_idx")]

    def __str__(self):
        return f"{self.case} {self.label} {self.as_of}"


class Notice(models.Model):
    """违法行为通知书 served on the party: the proposed penalty and the party's answers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    penalty = models.JSONField(_("拟处罚"), default=dict)
    served_on = models.DateField(_("送达日期"))
    hearing_offered = models.BooleanField(_("告知听证权利"), default=False)
    # its windows (hearing request A10, statement A12) are deadlines rows tied to this notice:
    # `hearing_request_due` and `statement_due` below (issue 9, defect 8)
    statement_recorded = models.BooleanField(_("已陈述申辩"), default=False)
    statement_text = models.TextField(_("陈述申辩内容"), blank=True)
    statement_waived = models.BooleanField(_("明确放弃陈述申辩"), default=False)
    new_facts_since = models.BooleanField(_("告知后有新的事实"), default=False)
    current = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("违法行为通知")
        verbose_name_plural = _("违法行为通知")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(current=True), name="notice_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.case} 告知 {self.served_on}"


class Hearing(models.Model):
    """听证 (APL Arts. 63–65; TEPP Arts. 80–98): chair designated by the agency head, never an
    investigator of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    requested_on = models.DateField(_("申请日期"), null=True, blank=True)
    waived = models.BooleanField(_("放弃听证"), default=False)
    notice_served_on = models.DateField(_("听证通知送达日期"), null=True, blank=True)
    scheduled_on = models.DateField(_("听证日期"), null=True, blank=True)
    chair = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    postponed_on = models.DateField(_("延期日期"), null=True, blank=True)
    suspended_on = models.DateField(_("中止日期"), null=True, blank=True)
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    reason = models.CharField(_("延期、中止或终止事由"), max_length=64, blank=True)
    record = models.TextField(_("听证笔录摘要"), blank=True)
    current = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(current=True), name="hearing_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.case} 听证"


class LegalReview(models.Model):
    """法制审核 (APL Art. 58; TEPP Arts. 71–72): the seven points of legal.md §F.3."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    submitted_on = models.DateField(_("提交日期"))
    reviewer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    outcome = models.CharField(
        _("审核结论"), max_length=8, choices=ReviewOutcome.choices, blank=True
    )
    checklist = models.JSONField(_("审核事项"), default=list)
    opinion = models.TextField(_("审核意见"), blank=True)
    reviewer_qualified = models.BooleanField(_("具备法律职业资格"), default=False)

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} 法制审核 {self.get_status_display()}"


class Deliberation(models.Model):
    """重大案件集体讨论 (APL Art. 57 para 2; TEPP Art. 76)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliberations")
    referred_on = models.DateField(_("提交日期"))
    resolved_on = models.DateField(_("讨论日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=DeliberationState.choices,
        default=DeliberationState.PENDING,
    )
    attendees = models.JSONField(_("参加人员"), default=list)
    opinions = models.JSONField(_("讨论意见"), default=list)
    resolution = models.CharField(
        _("决定"), max_length=24, choices=ResolutionKind.choices, blank=True
    )
    current = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("集体讨论")
        verbose_name_plural = _("集体讨论")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} 集体讨论"


class DeviationApproval(models.Model):
    """Approval to depart from the discretion recommendation (T6 §(十二); APL Art. 34)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deviations")
    amount = models.DecimalField(_("罚款数额"), **MONEY)
    reason = models.TextField(_("偏离理由"))
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(_("批准日期"))

    class Meta:
        verbose_name = _("偏离裁量建议审批")
        verbose_name_plural = _("偏离裁量建议审批")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} 偏离裁量建议 {self.amount}"


class Decision(models.Model):
    """行政处罚决定 or 不予行政处罚决定 (APL Arts. 57, 59; TEPP Arts. 73, 77)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    kind = models.CharField(_("决定类别"), max_length=16, choices=DecisionKind.choices)
    penalty = models.JSONField(_("处罚内容"), default=dict)
    fine = models.DecimalField(_("罚款数额"), default=Decimal(0), **MONEY)
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    no_penalty_ground = models.CharField(
        _("不予处罚理由"), max_length=32, choices=NO_PENALTY_GROUND_CHOICES, blank=True
    )
    deviation = models.ForeignKey(
        DeviationApproval, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction_required = models.BooleanField(_("责令改正"), default=True)
    # the 7 working days to serve it are the case's A14 deadline (`service_due` below)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("处罚决定")
        verbose_name_plural = _("处罚决定")
        constraints = [
            models.CheckConstraint(condition=models.Q(fine__gte=0), name="decision_fine_positive"),
        ]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"


class Document(models.Model):
    """文书: one of the standard forms (or other written items) a step produced (legal.md §D.1).
    Rendering to a file comes later; the row is the record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书种类"), max_length=48)
    name = models.CharField(_("文书名称"), max_length=64)
    form_no = models.PositiveSmallIntegerField(_("式样序号"), null=True, blank=True)
    number = models.CharField(_("文书编号"), max_length=64, unique=True)
    issued_on = models.DateField(_("制作日期"))
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    signatures = models.JSONField(_("须签名"), default=list)
    article = models.CharField(_("依据"), max_length=200, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    step = models.ForeignKey(
        StepRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["id"]
        indexes = [models.Index(fields=["case", "kind"], name="document_case_kind_idx")]

    def __str__(self):
        return f"{self.name} {self.number}"


class Service(models.Model):
    """送达 of a document (TEPP Art. 18); electronic only with a confirmed address."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="services")
    method = models.CharField(_("送达方式"), max_length=16, choices=SERVICE_METHOD_CHOICES)
    served_on = models.DateField(_("送达日期"))
    address = models.CharField(_("送达地址"), max_length=300, blank=True)
    recipient = models.CharField(_("受送达人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")
        ordering = ["id"]

    def __str__(self):
        return f"{self.document} {self.get_method_display()} {self.served_on}"


class Payment(models.Model):
    """A payment of the fine (and surcharge) received (APL Art. 67)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("缴款日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    surcharge = models.DecimalField(_("其中加处罚款"), default=Decimal(0), **MONEY)
    reference = models.CharField(_("票据或流水号"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("缴款")
        verbose_name_plural = _("缴款")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.amount}元 {self.paid_on}"


class PaymentPlan(models.Model):
    """暂缓或分期缴纳 (APL Art. 66 para 2; TEPP Art. 101), approved by the agency head."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payment_plans")
    kind = models.CharField(_("类别"), max_length=16, choices=PlanKind.choices)
    applied_on = models.DateField(_("申请日期"))
    hardship = models.TextField(_("经济困难情况"))
    total = models.DecimalField(_("金额"), **MONEY)
    instalments = models.JSONField(_("各期"), default=list)
    end = models.DateField(_("最后期限"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("暂缓或分期缴纳")
        verbose_name_plural = _("暂缓或分期缴纳")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"


class RemedyPeriod(models.Model):
    """One reconsideration or suit against the decision (legal.md §H): while pending (§C.2
    REMEDY_PENDING) the surcharge pauses (APL Art. 73); its outcome says whether the decision stood
    (zhifa.core.remedies). Rows registered as bare periods have no kind and no outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedies")
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    kind = models.CharField(_("救济方式"), max_length=16, choices=RemedyKind.choices, blank=True)
    body = models.CharField(_("复议机关或人民法院"), max_length=100, blank=True)
    reference = models.CharField(_("受理文书号或案号"), max_length=64, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=20, choices=RemedyOutcome.choices, blank=True, db_index=True
    )
    outcome_reference = models.CharField(_("复议决定书或裁判文书号"), max_length=64, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    followed_up_on = models.DateField(_("纠错落实日期"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_note = models.TextField(_("纠错落实情况"), blank=True)

    class Meta:
        verbose_name = _("复议或诉讼期间")
        verbose_name_plural = _("复议或诉讼期间")
        ordering = ["started_on"]

    def __str__(self):
        return f"{self.case} {self.started_on}–{self.ended_on or ''}"


class NumberCounter(models.Model):
    """The last number issued in one series (case numbers, or a document kind) of an agency in
    a year; locked while the next number is taken."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=48)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series"], name="number_counter_unique"
            ),
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}/{self.series}: {self.last}"


class IdempotencyKey(models.Model):
    """A submission already handled: the same key from the same user returns the first result."""

    actor = models.ForeignKey(USER, on_delete=models.CASCADE, null=True, related_name="+")
    key = models.CharField(max_length=64)
    operation = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, related_name="+")
    step = models.ForeignKey(StepRecord, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="idempotency_key_once"),
        ]

    def __str__(self):
        return f"{self.key} → {self.operation}"


class ProvinceParameter(models.Model):
    """A value the law leaves to the province (省级规定), held as data with its source.

    Keys (`parameters.KEYS`): the "large amount" thresholds of the hearing right and of collective
    discussion (APL Art. 63(3); TEPP Arts. 76(1), 80 para 2) and the statement window (APL Arts.
    44, 62). A province without a row has no value: the decision that needs it is refused, never
    filled in with another body's figure. `province` is the short name ("浙江").
    """

    province = models.CharField(_("省份"), max_length=40)
    key = models.CharField(_("参数"), max_length=64)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    source = models.CharField(_("依据文件"), max_length=300)
    effective_from = models.DateField(_("施行日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("省级参数")
        verbose_name_plural = _("省级参数")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "key", "effective_from"], name="province_parameter_unique"
            )
        ]
        indexes = [models.Index(fields=["province", "key"], name="province_parameter_idx")]

    def __str__(self) -> str:
        return f"{self.province} {self.key} = {self.value}（{self.source}）"


class ReviewerQualification(models.Model):
    """The legal reviewer's 国家统一法律职业资格 (APL Art. 58 para 2; TEPP Art. 71 para 2): it belongs
    to the person, recorded once with its certificate, and the system checks it at every review."""

    user = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="legal_qualification")
    certificate_number = models.CharField(_("法律职业资格证书编号"), max_length=64)
    obtained_on = models.DateField(_("取得日期"))
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField(_("登记日期"))

    class Meta:
        verbose_name = _("法律职业资格")
        verbose_name_plural = _("法律职业资格")

    def __str__(self) -> str:
        return f"{self.user} {self.certificate_number}"


def _service_due(decision):
    """The 7 working days to serve the decision (APL Art. 61): the case's A14 row, never a copy."""
    return _latest_due(decision.case, "A14_decision_service")


Decision.service_due = property(_service_due)


# --- a notice's windows: the deadlines app's rows started by THIS notice (issue 9, defect 8) ------


def notice_dues(notice) -> dict[str, object]:
    """code → due of the windows this notice started (a re-issued notice has its own rows; the
    old notice keeps its). One query for both windows."""
    from zhifa.deadlines.selectors import deadlines_from

    out: dict[str, object] = {}
    for code, due in (
        deadlines_from(notice, subject=notice.case)
        .filter(code__in=("A10_hearing_request", "A12_statement"))
        .values_list("code", "due")
    ):
        out.setdefault(code, due)  # latest first
    return out


def _hearing_request_due(notice):
    """The 5 working days to ask for a hearing (APL Art. 64(1)): the A10 row of this notice."""
    return notice_dues(notice).get("A10_hearing_request")


def _notice_statement_due(notice):
    """The statement window (APL Arts. 44, 62): the A12 row of this notice (None: no window)."""
    return notice_dues(notice).get("A12_statement")


Notice.hearing_request_due = property(_hearing_request_due)
Notice.statement_due = property(_notice_statement_due)
