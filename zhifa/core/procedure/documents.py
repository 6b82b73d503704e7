"""The documents a transition produces: the MoT standard forms (legal.md §D.1, document-forms.md §3)
and the other written items the rules require. `code` is what the cases app stores as
`Document.kind`; `form_no` is the number in the list of 24 (None for the others)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class DocumentKind:
    code: str
    name: str
    form_no: int | None
    article: str


_KINDS = (
    DocumentKind("filing_register", "立案登记表", 1, "TEPP Art. 63"),
    DocumentKind("interview_record", "询问笔录", 2, "TEPP Art. 39"),
    DocumentKind("examination_record", "勘验笔录", 3, "TEPP Art. 40"),
    DocumentKind("onsite_record", "现场笔录", 4, "TEPP Art. 54"),
    DocumentKind("sampling_voucher", "抽样取证凭证", 5, "TEPP Art. 41"),
    DocumentKind("preservation_list", "证据登记保存清单", 6, "TEPP Art. 44"),
    DocumentKind("preservation_release", "解除证据登记保存决定书", 7, "TEPP Art. 45"),
    DocumentKind("measure_decision", "行政强制措施决定书", 8, "TEPP Art. 54"),
    DocumentKind("measure_extension_notice", "延长行政强制措施期限通知书", 9, "TEPP Art. 56"),
    DocumentKind("measure_release", "解除行政强制措施决定书", 10, "TEPP Art. 59"),
    DocumentKind("violation_notice", "违法行为通知书", 11, "TEPP Arts. 69, 80"),
    DocumentKind("hearing_notice", "听证通知书", 12, "TEPP Art. 83"),
    DocumentKind("hearing_record", "听证笔录", 13, "TEPP Art. 97"),
    DocumentKind("onspot_decision", "当场行政处罚决定书", 14, "TEPP Art. 61"),
    DocumentKind("penalty_decision", "行政处罚决定书", 15, "TEPP Art. 77"),
    DocumentKind("correction_order", "责令改正违法行为通知书", 16, "TEPP Art. 66"),
    DocumentKind("payment_plan_notice", "分期（延期）缴纳罚款通知书", 17, "TEPP Art. 101"),
    DocumentKind("execution_announcement", "执行公告", 18, "TEPP Art. 114"),
    DocumentKind("demand", "催告书", 19, "TEPP Arts. 107, 119"),
    DocumentKind("execution_decision", "行政强制执行决定书", 20, "TEPP Art. 109"),
    DocumentKind("substitute_performance_decision", "代履行决定书", 21, "TEPP Art. 116"),
    DocumentKind(
        "execution_notice", "中止（终结、恢复）行政强制执行通知书", 22, "TEPP Arts. 110, 111"
    ),
    DocumentKind("service_receipt", "送达回证", 23, "TEPP Art. 18"),
    DocumentKind("closing_report", "结案报告", 24, "TEPP Art. 122"),
    # Not among the 24 (legal.md §D.1, "Other written items").
    DocumentKind("inspection_record", "检查记录", None, "TEPP Art. 29"),
    DocumentKind("assistance_letter", "协助调查函", None, "TEPP Art. 65"),
    DocumentKind("investigation_report", "案件调查报告", None, "TEPP Art. 67"),
    DocumentKind("legal_review_opinion", "法制审核意见", None, "TEPP Art. 72; T4 §四(十三)"),
    DocumentKind("deliberation_record", "重大案件集体讨论记录", None, "TEPP Art. 76"),
    DocumentKind("address_confirmation", "送达地址确认书", None, "TEPP Art. 18(3)"),
    DocumentKind("power_of_attorney", "授权委托书", None, "TEPP Art. 89"),
    DocumentKind("recusal_decision", "回避决定", None, "TEPP Art. 13"),
    DocumentKind(
        "court_enforcement_application", "强制执行申请书", None, "ACL Art. 55; TEPP Art. 120"
    ),
    DocumentKind("crime_transfer_letter", "涉嫌犯罪案件移送书", None, "S6 Arts. 5–6"),
    # Provincial practice, no national form (UNCONFIRMED in legal.md §I 7 / TEPP Art. 73(2)):
    DocumentKind("case_transfer_letter", "案件移送函", None, "TEPP Art. 9"),
    DocumentKind("no_penalty_decision", "不予行政处罚决定书", None, "TEPP Art. 73(2)"),
    DocumentKind("not_filed_approval", "不予立案审批表", None, "legal.md §I 7 (UNCONFIRMED)"),
)

DOCUMENT_KINDS = MappingProxyType({k.code: k for k in _KINDS})
STANDARD_FORMS = MappingProxyType({k.form_no: k for k in _KINDS if k.form_no is not None})
