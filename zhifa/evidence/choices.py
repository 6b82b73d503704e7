"""Choices of the evidence app (names as in docs/glossary.md; Chinese labels are the msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.equipment.choices import DeviceKind  # noqa: F401  (the kinds of recording device)

from . import rules


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence (TEPP Art. 30; APL Art. 46)."""

    DOCUMENTARY = "documentary", _("书证")
    PHYSICAL = "physical", _("物证")
    AUDIO_VISUAL = "audio_visual", _("视听资料")
    ELECTRONIC_DATA = "electronic_data", _("电子数据")
    WITNESS_TESTIMONY = "witness_testimony", _("证人证言")
    PARTY_STATEMENT = "party_statement", _("当事人的陈述")
    EXPERT_OPINION = "expert_opinion", _("鉴定意见")
    EXAMINATION_RECORD = "examination_record", _("勘验笔录、现场笔录")


class CollectionMethod(models.TextChoices):
    """How the evidence was gathered (TEPP Art. 34; sampling Art. 41; recording T4 §三(八))."""

    INTERVIEW = "interview", _("询问")
    OBTAINED = "obtained", _("调取、收集")
    TECHNICAL_CAPTURE = "technical_capture", _("技术监控设备记录")
    APPRAISAL = "appraisal", _("委托鉴定")
    EXAMINATION = "examination", _("勘验、检查")
    SAMPLING = "sampling", _("抽样取证")
    RECORDING = "recording", _("现场拍照、录音录像")
    OTHER = "other", _("其他合法方式")


# The enforcement acts an item can record, from the pure rules table (rules.py).
ACT_CHOICES = [(act, _(rule.label)) for act, rule in rules.RULES.items()]
