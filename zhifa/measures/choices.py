"""Choices of evidence preservation, compulsory measures and the case-property ledger.

The legal values (custody states, disposals, release grounds, hand-over exceptions) are the pure
rules' (`rules.py`); here they get their labels for forms and pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class PreservationState(models.TextChoices):
    """先行登记保存 from the request to its end (APL Art. 56; TEPP Arts. 43–45)."""

    PENDING = "pending", _("待负责人审批")
    REFUSED = "refused", _("不予批准")
    APPROVED = "approved", _("已批准，待实施")
    ACTIVE = "active", _("登记保存中")
    DECIDED = "decided", _("已作出处理决定")
    RELEASED = "released", _("已解除")
    LAPSED = "lapsed", _("逾期未处理，自动解除")


PRESERVATION_LIVE = (PreservationState.ACTIVE,)


class PreservationOutcome(models.TextChoices):
    """The decision within 7 working days (TEPP Art. 45)."""

    RELEASE = "release", _("记录、复制、拍照或者录像后解除登记保存")
    APPRAISAL = "appraisal", _("送交检测、检验、检疫、鉴定")
    TRANSFER = "transfer", _("移交有关部门处理")
    CONFISCATION = "confiscation", _("依法应当没收，依法定程序作出处罚决定")
    SEIZURE = "seizure", _("依法采取查封、扣押措施")


class MeasureKind(models.TextChoices):
    """ACL Art. 9(2)–(3)."""

    SEAL = "seal", _("查封")
    SEIZE = "seize", _("扣押")


class MeasureState(models.TextChoices):
    """A seal or seizure from the request to its release (ACL Arts. 18–28; TEPP Arts. 52–59)."""

    PENDING = "pending", _("待负责人审批")
    REFUSED = "refused", _("不予批准")
    APPROVED = "approved", _("已批准，待实施")
    ACTIVE = "active", _("实施中")
    RELEASED = "released", _("已解除")


MEASURE_LIVE = (MeasureState.ACTIVE,)


class ReleaseGround(models.TextChoices):
    NO_VIOLATION = rules.ReleaseGround.NO_VIOLATION, _("当事人没有违法行为")
    UNRELATED = rules.ReleaseGround.UNRELATED, _("与违法行为无关")
    DECIDED = rules.ReleaseGround.DECIDED, _("已作出处理决定，不再需要查封、扣押")
    EXPIRED = rules.ReleaseGround.EXPIRED, _("查封、扣押期限已经届满")
    UNNECESSARY = rules.ReleaseGround.UNNECESSARY, _("其他不再需要查封、扣押的情形")
    APPROVAL_REFUSED = rules.ReleaseGround.APPROVAL_REFUSED, _("负责人不予批准，立即解除")


class PauseKind(models.TextChoices):
    """ACL Art. 25 para 3."""

    TESTING = "testing", _("检测")
    INSPECTION = "inspection", _("检验")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("技术鉴定")


class PropertySource(models.TextChoices):
    PRESERVATION = "preservation", _("先行登记保存")
    MEASURE = "measure", _("查封、扣押")
    OTHER = "other", _("其他方式取得")
    PROCEEDS = "proceeds", _("拍卖、变卖所得款项")


class Custody(models.TextChoices):
    HELD_BY_OFFICER = rules.Custody.HELD_BY_OFFICER, _("执法人员持有（待移交）")
    ON_SITE = rules.Custody.ON_SITE, _("就地查封或保存")
    AT_APPRAISAL = rules.Custody.AT_APPRAISAL, _("送检测鉴定")
    WITH_CUSTODIAN = rules.Custody.WITH_CUSTODIAN, _("涉案财物管理人员保管")
    CONFISCATED = rules.Custody.CONFISCATED, _("已没收（待处置）")
    DISPOSED = rules.Custody.DISPOSED, _("已处置")


class DisposalKind(models.TextChoices):
    RETURN = rules.Disposal.RETURN, _("退还当事人")
    AUCTION = rules.Disposal.AUCTION, _("拍卖或者变卖")
    CONFISCATE = rules.Disposal.CONFISCATE, _("没收")
    TREASURY = rules.Disposal.TREASURY, _("上缴国库")
    DESTROY = rules.Disposal.DESTROY, _("依法销毁")
    TRANSFER = rules.Disposal.TRANSFER, _("随案移送")


class DisposalState(models.TextChoices):
    PENDING = "pending", _("待负责人审批")
    APPROVED = "approved", _("已批准，待执行")
    REFUSED = "refused", _("不予批准")
    DONE = "done", _("已执行")


DISPOSAL_OPEN = (DisposalState.PENDING, DisposalState.APPROVED)


class HandoverException(models.TextChoices):
    REMOTE = rules.HandoverException.REMOTE, _("偏远、交通不便地区，返回单位后二十四小时内移交")
    URGENT_APPRAISAL = (
        rules.HandoverException.URGENT_APPRAISAL,
        _("需在二十四小时内鉴定，鉴定后二十四小时内移交"),
    )
