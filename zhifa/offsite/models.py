"""Off-site enforcement (非现场执法): monitoring devices, intake batches, records and line errors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BatchSource, BatchState, DeviceKind, RecordState


class Device(models.Model):
    """A weigh-in-motion station or a camera, with the dates APL Art. 41 para 1 asks for."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("设置机构")
    )
    code = models.CharField(_("设备（站点）编号"), max_length=64, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=DeviceKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    location = models.CharField(_("设置地点"), max_length=300)
    approved_on = models.DateField(_("法制、技术审核批准日期"), null=True, blank=True)
    approval_document = models.CharField(_("批准（认定）文件"), max_length=200, blank=True)
    published_on = models.DateField(_("设置地点向社会公布日期"), null=True, blank=True)
    publication_reference = models.CharField(_("公布载体"), max_length=300, blank=True)
    calibrated_on = models.DateField(_("检定（校准）日期"), null=True, blank=True)
    calibration_valid_until = models.DateField(_("检定（校准）有效期至"), null=True, blank=True)
    calibration_certificate = models.CharField(
        _("检定（校准）证书编号"), max_length=100, blank=True
    )
    retired_on = models.DateField(_("停用日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("非现场执法检测设备")
        verbose_name_plural = _("非现场执法检测设备")
        ordering = ["agency_id", "code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class IntakeBatch(models.Model):
    """One file or one API stream: its identity is (agency, content digest or the sender's key), so a
    batch sent again is the same batch; `processed_lines` is where a restart resumes."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("接收机构")
    )
    key = models.CharField(_("批次标识"), max_length=80)
    name = models.CharField(_("文件名或说明"), max_length=255, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=BatchSource.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=BatchState.choices, default=BatchState.RUNNING
    )
    total_lines = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    processed_lines = models.PositiveIntegerField(_("已处理行数"), default=0)
    accepted = models.PositiveIntegerField(_("已接收记录"), default=0)
    rejected_lines = models.PositiveIntegerField(_("错误行"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # a page upload is taken by a background job (jobs.py): the file kept in the evidence store by
    # digest, the images sent with it (name → digest), and why a job stopped
    upload_digest = models.CharField(_("上传文件摘要"), max_length=64, blank=True)
    upload_images = models.JSONField(_("随附图像"), default=dict, blank=True)
    error = models.CharField(_("中断原因"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("非现场执法数据批次")
        verbose_name_plural = _("非现场执法数据批次")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="offsite_batch_once"),
        ]

    def __str__(self):
        return self.name or self.key

    @property
    def percent(self) -> int:
        if not self.total_lines:
            return 100 if self.state == "done" else 0
        return min(100, self.processed_lines * 100 // self.total_lines)

    @property
    def in_progress(self) -> bool:
        return self.state in ("queued", "running")


class Record(models.Model):
    """One vehicle passing one device: identity = digest of its canonical fields (unique), and at
    most one record per vehicle and station within any sliding window of ZHIFA_OFFSITE_DEDUP_MINUTES
    (checked at intake under a per-device lock; `dedup_key`, the clock-aligned slot, is the
    database's unique backstop)."""

    digest = models.CharField(_("记录摘要"), max_length=64, unique=True)
    dedup_key = models.CharField(_("去重键"), max_length=120, unique=True)
    batch = models.ForeignKey(IntakeBatch, on_delete=models.PROTECT, related_name="records")
    line_no = models.PositiveIntegerField(_("行号"))
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("管辖机构")
    )
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="records")
    plate = models.CharField(_("车辆号牌"), max_length=16)
    vehicle_class = models.CharField(_("车型（轴型）"), max_length=64)
    axles = models.PositiveSmallIntegerField(_("轴数"))
    gross_mass_kg = models.PositiveIntegerField(_("车货总质量（千克）"))
    limit_kg = models.PositiveIntegerField(_("限定标准（千克）"))
    excess_kg = models.IntegerField(_("超限质量（千克）"))
    height_m = models.DecimalField(_("高（米）"), max_digits=5, decimal_places=2, null=True)
    width_m = models.DecimalField(_("宽（米）"), max_digits=5, decimal_places=2, null=True)
    length_m = models.DecimalField(_("长（米）"), max_digits=5, decimal_places=2, null=True)
    dimension_tier = models.PositiveSmallIntegerField(_("外廓超限档次"), default=0)
    single_tyre_reduction = models.BooleanField(default=False)
    measured_at = models.DateTimeField(_("检测时间"))
    images = models.JSONField(_("图像摘要"), default=list)
    warning_only = models.BooleanField(_("仅予警告"), default=False)
    fine_low = models.DecimalField(_("罚款下限"), max_digits=10, decimal_places=2)
    fine_high = models.DecimalField(_("罚款上限"), max_digits=10, decimal_places=2)
    owner_name = models.CharField(_("登记车主"), max_length=200, blank=True)
    owner_id_number = models.CharField(_("车主证件号码"), max_length=18, blank=True)
    owner_address = models.CharField(_("车主地址"), max_length=300, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=RecordState.choices, default=RecordState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="offsite_record"
    )
    # printed on the owner's notice, with the plate it opens the record on the portal (APL Art. 41
    # para 3); null until confirmed, so the bulk intake (COPY) never names this column
    query_code = models.CharField(_("查询码"), max_length=12, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("非现场执法记录")
        verbose_name_plural = _("非现场执法记录")
        ordering = ["measured_at", "id"]
        indexes = [
            models.Index(
                fields=["agency", "state", "measured_at"], name="offsite_record_queue_idx"
            ),
            models.Index(fields=["batch", "line_no"], name="offsite_record_line_idx"),
            # the sliding de-duplication window: same device, same vehicle, near in time
            models.Index(
                fields=["device", "plate", "measured_at"], name="offsite_record_window_idx"
            ),
        ]

    def __str__(self):
        return f"{self.plate} {self.measured_at:%Y-%m-%d %H:%M}"


class LineError(models.Model):
    """One refused line of a batch, with its own Chinese message and the raw text as sent."""

    batch = models.ForeignKey(IntakeBatch, on_delete=models.CASCADE, related_name="errors")
    line_no = models.PositiveIntegerField(_("行号"))
    code = models.CharField(_("错误代码"), max_length=40)
    message = models.CharField(_("错误说明"), max_length=400)
    raw = models.TextField(_("原始内容"), blank=True)

    class Meta:
        verbose_name = _("非现场执法数据错误行")
        verbose_name_plural = _("非现场执法数据错误行")
        ordering = ["batch_id", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line_no"], name="offsite_error_once"),
        ]

    def __str__(self):
        return f"第{self.line_no}行：{self.message}"
