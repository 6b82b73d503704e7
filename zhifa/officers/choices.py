from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    TRANSPORT = "transport", _("交通运输行政执法证")
    MARITIME = "maritime", _("海事行政执法证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("吊销")
    CANCELLED = "cancelled", _("注销")
    LOST = "lost", _("挂失")


class TrainingKind(models.TextChoices):
    """Kinds of training (T2 Arts. 16, 26; T5: professional and legal training)."""

    LEGAL = "legal", _("法律知识培训")
    PROFESSIONAL = "professional", _("业务技能培训")
    EQUIPMENT = "equipment", _("执法装备使用培训")
    ETHICS = "ethics", _("职业道德和执法规范培训")
    NEW_LAW = "new_law", _("新法新规培训")
    RETRAINING = "retraining", _("离岗培训")


class AssessmentKind(models.TextChoices):
    LAW_EXAM = "law_exam", _("法律知识考试")
    SKILL = "skill", _("业务技能考核")
    BODY_CAMERA = "body_camera", _("执法记录仪使用考核")
    EQUIPMENT = "equipment", _("其他执法装备使用考核")


class ConductCodeSet(models.TextChoices):
    """The conduct rule sets (glossary: ethics_code / prohibition / conduct_code)."""

    CONDUCT_CODE = "conduct_code", _("风纪规范")
    PROHIBITION = "prohibition", _("执法禁令")
    ETHICS_CODE = "ethics_code", _("职业道德规范")
    STATUTORY = "statutory", _("法定执法行为规范")


class ConductSource(models.TextChoices):
    SUPERIOR = "superior", _("上级发现")
    SUPERVISORY_CHECK = "supervisory_check", _("执法监督检查")
    COMPLAINT = "complaint", _("投诉查实")


class ConductConsequence(models.TextChoices):
    TALK = "talk", _("谈话提醒")
    RETRAINING = "retraining", _("离岗培训")
    SUSPENSION = "suspension", _("暂停执法")
    REVOCATION = "revocation", _("吊销执法证件")


class ConductStatus(models.TextChoices):
    IN_FORCE = "in_force", _("已生效")
    PENDING_APPROVAL = "pending_approval", _("待负责人批准")
    REJECTED = "rejected", _("负责人未批准")
