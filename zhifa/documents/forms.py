"""The forms: for each document kind, its title, its required fields and its layout as blocks.

Fields come from `fields.build_fields` (all strings, or lists of rows of strings), so a layout is
pure data and the HTML preview, the DOCX and the PDF render the same blocks. The statutory wording
follows the 2021 texts, not the 2019 printed forms (document-forms.md §5): hearing request within
5 days (APL Art. 64(1)), statement and defence APL Arts. 44–45, remedies 60 days / 6 months
(《行政复议法》第二十条；《行政诉讼法》第四十六条).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhifa.core.procedure.documents import DOCUMENT_KINDS


@dataclass(frozen=True)
class Block:
    kind: str  # heading | line | para | text | table | sign | seal | note
    label: str = ""
    text: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    kind: str
    title: str
    required: tuple[tuple[str, str], ...]
    layout: tuple = field(default=())
    outgoing: bool = False  # addressed to the party: seal, stub note, remedy


class _Fill(dict):
    def __missing__(self, key):
        return "＿＿＿＿"


def fill(template: str, values: dict) -> str:
    return template.format_map(_Fill({k: v for k, v in values.items() if v not in (None, "")}))


# --- fixed wording ---------------------------------------------------------------------------

REMEDY = (
    "如不服本{what}，可以在收到本{what}之日起六十日内向{reconsideration_body}申请行政复议，"
    "或者在六个月内依法向{court}提起行政诉讼。行政复议和行政诉讼期间，本{what}不停止执行，"
    "法律另有规定的除外。"
)  # 行政复议法第二十条、行政诉讼法第四十六条; 行政处罚法第七十三条
ENFORCE = "逾期不申请行政复议、不提起行政诉讼又不履行的，本机关将依法申请人民法院强制执行。"
PAYMENT = (
    "罚款应于收到本决定书之日起十五日内缴至{payment_bank}（账号：{payment_account}）。"
    "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款本数。"
)  # 行政处罚法第六十七条第三款、第七十二条第一款第（一）项
STUB = "本文书一式两份：一份存根，一份交当事人或其代理人。"

C = ("case_number", "案号")
PARTY = ("party_name", "当事人")
SEAL = ("seal_name", "执法部门名称（印章）")
DATE = ("issue_date", "日期")
BODY = ("reconsideration_body", "复议机关")
COURT = ("court", "管辖法院")
OUT = (C, PARTY, SEAL, DATE)


def _party_block(f: dict) -> list[Block]:
    if f.get("party_kind") == "organisation":
        rows = [
            ("名称", f.get("party_name", "")),
            ("统一社会信用代码", f.get("party_id_number", "")),
            ("地址", f.get("party_address", "")),
            ("法定代表人", f.get("party_legal_rep", "")),
            ("联系电话", f.get("party_phone", "")),
        ]
    else:
        rows = [
            ("姓名", f.get("party_name", "")),
            ("身份证件号码", f.get("party_id_number", "")),
            ("住址", f.get("party_address", "")),
            ("联系电话", f.get("party_phone", "")),
        ]
    if f.get("party_plate"):
        rows.append(("车辆号牌", f["party_plate"]))
    return [Block("heading", text="当事人")] + [Block("line", label=k, text=v) for k, v in rows]


def _line(label, key):
    return ("line", label, key)


def _text(label, key):
    return ("text", label, key)


def _para(template):
    return ("para", template)


def _table(label, headers, key):
    return ("table", label, tuple(headers), key)


EVIDENCE = _table("证据", ("序号", "证据名称", "种类", "证明内容"), "evidence_rows")
PARTY_B = ("party",)
PARTY_NAME = _line("当事人", "party_name")
SEAL_B = ("seal",)


def _sign(*labels):
    return ("sign", labels)


def _note(text):
    return ("note", text)


def _form(kind, required, layout, *, outgoing=False, title=None):
    return Form(
        kind=kind,
        title=title or DOCUMENT_KINDS[kind].name,
        required=tuple(required),
        layout=tuple(layout),
        outgoing=outgoing,
    )


FORMS: dict[str, Form] = {}


def _add(form: Form) -> None:
    FORMS[form.kind] = form


# 1 立案登记表 (TEPP Art. 63)
_add(
    _form(
        "filing_register",
        [
            C,
            ("cause", "案由"),
            ("received_on", "受案时间"),
            PARTY,
            ("facts", "基本案情"),
            ("filing_basis", "立案依据"),
        ],
        [
            _line("案件来源", "source"),
            _line("案由", "cause"),
            _line("受案时间", "received_on"),
            PARTY_B,
            _text("基本案情", "facts"),
            _line("立案依据", "filing_basis"),
            _line("承办人", "officer_names"),
            _sign("办案机构负责人意见：同意立案", "执法部门负责人审批：同意立案"),
            _line("审批日期", "filed_on"),
            _line("备注", "remarks"),
        ],
    )
)
# 2 询问笔录 (TEPP Art. 39)
_add(
    _form(
        "interview_record",
        [C, PARTY, ("step_date", "询问时间"), ("officers", "询问人及执法证号")],
        [
            _line("询问时间", "step_date"),
            _line("询问地点", "place"),
            _line("询问人（执法证号）", "officers"),
            _line("记录人", "recorder"),
            PARTY_B,
            _para(
                "我们是{seal_name}的执法人员{officer_names}，执法证件号码分别为{certificates}，"
                "现依法向你询问，请如实回答。执法人员与你有直接利害关系的，你可以申请回避。"
            ),
            _text("询问内容", "summary"),
            _note(
                "被询问人应当在笔录的每一页签名，修改处应当签名确认（交通运输行政执法程序规定第三十九条）。"
            ),
            _sign("被询问人签名", "询问人签名", "记录人签名"),
        ],
    )
)
# 3 勘验笔录 (TEPP Art. 40)
_add(
    _form(
        "examination_record",
        [C, ("cause", "案由"), ("step_date", "勘验时间"), ("officers", "勘验人及执法证号")],
        [
            _line("案由", "cause"),
            _line("勘验时间", "step_date"),
            _line("勘验地点", "place"),
            _line("勘验人（执法证号）", "officers"),
            PARTY_B,
            _text("勘验情况及结果", "summary"),
            _sign("当事人或其代理人签名", "勘验人签名", "被邀请人签名", "记录人签名"),
        ],
    )
)
# 4 现场笔录 (TEPP Art. 54)
_add(
    _form(
        "onsite_record",
        [C, ("step_date", "时间"), ("officers", "执法人员及执法证号"), PARTY],
        [
            _line("时间", "step_date"),
            _line("地点", "place"),
            _line("执法人员（执法证号）", "officers"),
            _line("记录人", "recorder"),
            PARTY_B,
            _text("现场情况", "summary"),
            _para(
                "执法人员已当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径，"
                "并听取了当事人的陈述和申辩。"
            ),
            _para("以上笔录经当事人阅读（已向其宣读），确认无误。"),
            _sign("现场人员签名", "执法人员签名"),
            _line("备注", "remarks"),
        ],
    )
)
# 5 抽样取证凭证 (TEPP Art. 41; APL Art. 56)
_add(
    _form(
        "sampling_voucher",
        [*OUT, ("step_date", "抽样时间")],
        [
            PARTY_B,
            _line("抽样时间", "step_date"),
            _line("抽样地点", "place"),
            _para(
                "依据《中华人民共和国行政处罚法》第五十六条的规定，本机关对你（单位）的下列物品进行抽样取证。"
            ),
            _table("抽样物品", ("序号", "名称", "规格及批号", "数量", "存放地点"), "item_rows"),
            _sign("当事人或其代理人签名", "执法人员签名"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 6 证据登记保存清单 (TEPP Art. 44; APL Art. 56)
_add(
    _form(
        "preservation_list",
        [*OUT, ("cause", "案由")],
        [
            PARTY_B,
            _para(
                "因调查{cause}一案，依据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以登记保存，"
                "保存期间当事人或者有关人员不得销毁或者转移证据。本机关将在七日内作出处理决定。"
            ),
            _table("登记保存物品", ("序号", "证据名称", "规格", "数量", "存放地点"), "item_rows"),
            _sign("当事人或其代理人签名", "执法人员签名"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 7 解除证据登记保存决定书 (TEPP Art. 45)
_add(
    _form(
        "preservation_release",
        OUT,
        [
            PARTY_NAME,
            _para(
                "本机关于{preservation_date}对你（单位）的有关物品予以证据登记保存（证据登记保存清单文号："
                "{preservation_number}）。依据《交通运输行政执法程序规定》第四十五条的规定，决定自{issue_date}起"
                "解除证据登记保存。"
            ),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 8 行政强制措施决定书 (TEPP Art. 54; ACL Art. 24)
_add(
    _form(
        "measure_decision",
        [*OUT, ("facts", "违法事实"), ("measure_text", "强制措施及期限"), BODY, COURT],
        [
            PARTY_B,
            _text("涉嫌违法事实", "facts"),
            _line("依据", "measure_basis"),
            _text("强制措施、财物及期限", "measure_text"),
            _para(REMEDY.replace("{what}", "决定")),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 9 延长行政强制措施期限通知书 (TEPP Art. 56; ACL Art. 25)
_add(
    _form(
        "measure_extension_notice",
        [*OUT, ("summary", "延长理由")],
        [
            PARTY_NAME,
            _line("案由", "cause"),
            _para(
                "本机关于{measure_date}对你（单位）采取的行政强制措施（决定书文号：{measure_number}），"
                "因{summary}，依据《中华人民共和国行政强制法》第二十五条的规定，决定延长期限至{measure_until}。"
            ),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 10 解除行政强制措施决定书 (TEPP Art. 59; ACL Art. 28)
_add(
    _form(
        "measure_release",
        OUT,
        [
            PARTY_NAME,
            _line("案由", "cause"),
            _para(
                "本机关于{measure_date}对你（单位）采取的行政强制措施（决定书文号：{measure_number}），"
                "依据《中华人民共和国行政强制法》第二十八条第一款的规定，决定自{issue_date}起解除。"
            ),
            _table("退还财物清单", ("序号", "名称", "规格", "数量", "备注"), "item_rows"),
            _sign("当事人或其代理人签名（确认退还财物与扣押时一致、未被使用、无损毁）"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 11 违法行为通知书 (TEPP Arts. 69, 80, 82; APL Arts. 44, 45, 63, 64)
_add(
    _form(
        "violation_notice",
        [
            *OUT,
            ("facts", "违法事实"),
            ("provision_breached", "违反的规定"),
            ("penalty_provision", "处罚依据"),
            ("proposed_penalty", "拟作出的行政处罚"),
        ],
        [
            PARTY_NAME,
            _para("经调查，本机关认为你（单位）{facts}"),
            _para(
                "上述行为违反了{provision_breached}的规定，依据{penalty_provision}的规定，本机关拟作出如下行政处罚："
                "{proposed_penalty}。"
            ),
            _para(
                "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
            ),
            _text("听证权利", "hearing_clause"),
            _line("联系地址", "contact_address"),
            _line("邮政编码", "postcode"),
            _line("联系人", "contact_person"),
            _line("联系电话", "contact_phone"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 12 听证通知书 (TEPP Art. 83)
_add(
    _form(
        "hearing_notice",
        [*OUT, ("hearing_date", "听证日期"), ("hearing_chair", "主持人")],
        [
            PARTY_NAME,
            _para(
                "根据你（单位）的申请，本机关定于{hearing_date}在{hearing_place}就{cause}一案举行听证（{hearing_public}）。"
            ),
            _line("主持人", "hearing_chair"),
            _line("听证员", "hearing_officer"),
            _line("记录员", "recorder"),
            _para("你（单位）认为主持人、听证员、记录员与本案有直接利害关系的，有权申请回避。"),
            _para(
                "注意事项：一、请事先准备证据，通知证人；二、委托代理人参加听证的，应当在听证前提交授权委托书；"
                "三、因正当理由需要延期的，应当在听证日期前提出；四、无正当理由不参加听证的，视为放弃听证权利。"
            ),
            _line("联系人", "contact_person"),
            _line("联系电话", "contact_phone"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 13 听证笔录 (TEPP Art. 97)
_add(
    _form(
        "hearing_record",
        [C, ("cause", "案由"), ("hearing_date", "听证时间"), ("hearing_chair", "主持人")],
        [
            _line("案件名称", "cause"),
            _line("听证机关", "seal_name"),
            _line("听证时间", "hearing_date"),
            _line("听证地点", "hearing_place"),
            _line("主持人", "hearing_chair"),
            _line("记录员", "recorder"),
            _line("案件调查人员（执法证号）", "officers"),
            PARTY_B,
            _text("听证记录", "hearing_record"),
            _sign("当事人或其代理人签名", "主持人签名", "听证员签名", "记录员签名"),
        ],
    )
)
# 14 当场行政处罚决定书 (TEPP Art. 61; APL Art. 52)
_add(
    _form(
        "onspot_decision",
        [
            *OUT,
            ("facts", "违法事实"),
            ("provision_breached", "违反的规定"),
            ("penalty_provision", "处罚依据"),
            ("penalty_text", "处罚决定"),
            BODY,
            COURT,
        ],
        [
            PARTY_B,
            _line("时间", "issue_date"),
            _line("地点", "place"),
            _text("违法事实", "facts"),
            _para(
                "你（单位）的上述行为违反了{provision_breached}的规定，依据{penalty_provision}的规定，"
                "决定给予如下行政处罚：{penalty_text}。"
            ),
            _text("缴纳方式", "onspot_payment"),
            _para(
                "执法人员在作出本决定前已告知你（单位）作出行政处罚决定的事实、理由和依据，"
                "以及依法享有的陈述、申辩权利。"
            ),
            _para(
                # 《行政复议法》（2023）第二十三条第一款第（一）项: reconsideration comes first
                "如不服本决定，可以在收到本决定书之日起六十日内向{reconsideration_body}申请行政复议；"
                "对复议决定不服的，可以依法向{court}提起行政诉讼。依照《中华人民共和国行政复议法》"
                "第二十三条第一款第（一）项的规定，对当场作出的行政处罚决定不服的，应当先申请行政复议。"
            ),
            _para(ENFORCE),
            _sign("当事人或其代理人签名", "执法人员签名"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 15 行政处罚决定书 (TEPP Art. 77; APL Art. 59)
_add(
    _form(
        "penalty_decision",
        [
            *OUT,
            ("party_address", "当事人地址"),
            ("facts", "违法事实"),
            ("evidence_rows", "证据"),
            ("provision_breached", "违反的规定"),
            ("penalty_provision", "处罚依据"),
            ("penalty_text", "处罚决定"),
            ("payment_bank", "缴款银行"),
            ("payment_account", "缴款账号"),
            BODY,
            COURT,
        ],
        [
            PARTY_B,
            _text("违法事实", "facts"),
            EVIDENCE,
            _para(
                "你（单位）的上述行为违反了{provision_breached}的规定，依据{penalty_provision}的规定，"
                "本机关决定给予如下行政处罚：{penalty_text}。"
            ),
            _text("裁量说明", "discretion_text"),
            _para(PAYMENT),
            _text("其他履行方式和期限", "other_performance"),
            _para(REMEDY.replace("{what}", "处罚决定")),
            _para(ENFORCE),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 16 责令改正违法行为通知书 (TEPP Art. 66)
_add(
    _form(
        "correction_order",
        [*OUT, ("facts", "违法事实"), ("provision_breached", "违反的规定"), BODY, COURT],
        [
            PARTY_NAME,
            _text("违法事实", "facts"),
            _para(
                "你（单位）的上述行为违反了{provision_breached}的规定。依据《中华人民共和国行政处罚法》第二十八条第一款"
                "的规定，责令你（单位）{correction_text}。"
            ),
            _para(REMEDY.replace("{what}", "通知")),
            _sign("当事人或其代理人签名", "执法人员签名"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 17 分期（延期）缴纳罚款通知书 (TEPP Art. 101; APL Art. 66)
_add(
    _form(
        "payment_plan_notice",
        [
            *OUT,
            ("decision_number", "处罚决定书文号"),
            ("fine_capital", "罚款金额（大写）"),
            ("plan_text", "暂缓或分期决定"),
        ],
        [
            PARTY_NAME,
            _para(
                "本机关于{decision_date}送达的行政处罚决定书（文号：{decision_number}）决定对你（单位）处以"
                "罚款人民币{fine_capital}（{fine_figures}）。根据你（单位）的申请，依据《中华人民共和国行政处罚法》"
                "第六十六条第二款的规定，本机关决定：{plan_text}。"
            ),
            _table("缴款安排", ("期次", "缴款期限", "金额（元）"), "plan_rows"),
            _para("代收机构凭本通知书收取罚款。"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 18 执行公告 (TEPP Art. 114; ACL Art. 44)
_add(
    _form(
        "execution_announcement",
        [*OUT, ("decision_number", "决定书文号")],
        [
            _para(
                "本机关于{decision_date}对{party_name}作出{decision_content}的决定（文号：{decision_number}）。"
                "依据《中华人民共和国行政强制法》第四十四条的规定，责令当事人于{deadline}前自行停止违法行为、"
                "拆除违法的建筑物、构筑物、设施。当事人在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，"
                "本机关将依法强制拆除。"
            ),
            SEAL_B,
        ],
        outgoing=True,
    )
)
# 19 催告书 (TEPP Arts. 107, 119; ACL Arts. 35, 54)
_add(
    _form(
        "demand",
        [*OUT, ("decision_number", "决定书文号"), ("outstanding_text", "应履行的义务")],
        [
            PARTY_NAME,
            _line("案由", "cause"),
            _para(
                "本机关于{decision_date}作出行政处罚决定（文号：{decision_number}），你（单位）至今未履行。"
                "依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）于收到本催告书之日起"
                "十日内履行下列义务：{outstanding_text}。"
            ),
            _para(
                "逾期仍不履行的，本机关将依法采取下列措施：到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款；"
                "依法申请人民法院强制执行。"
            ),
            _para("你（单位）有权进行陈述和申辩。"),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 20 行政强制执行决定书 (TEPP Art. 109; ACL Art. 37)
_add(
    _form(
        "execution_decision",
        [*OUT, ("decision_number", "决定书文号"), BODY, COURT],
        [
            PARTY_B,
            _para(
                "本机关于{decision_date}作出行政处罚决定（文号：{decision_number}），经催告，你（单位）无正当理由"
                "逾期仍未履行。依据《中华人民共和国行政强制法》第三十七条的规定，本机关决定于{execution_date}"
                "依法强制执行：{outstanding_text}。"
            ),
            _para(REMEDY.replace("{what}", "决定")),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 21 代履行决定书 (TEPP Art. 116; ACL Arts. 50–52)
_add(
    _form(
        "substitute_performance_decision",
        [*OUT, ("summary", "代履行事项"), BODY, COURT],
        [
            PARTY_B,
            _text("代履行事项、时间、方式及预算费用", "summary"),
            _para(
                "代履行的费用按照成本合理确定，由你（单位）承担（《中华人民共和国行政强制法》第五十一条）。"
            ),
            _para(REMEDY.replace("{what}", "决定")),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 22 中止（终结、恢复）行政强制执行通知书 (TEPP Arts. 110, 111; ACL Arts. 39, 40)
_add(
    _form(
        "execution_notice",
        [*OUT, ("summary", "中止、终结或者恢复执行的理由")],
        [
            PARTY_NAME,
            _para(
                "本机关于{decision_date}作出的决定（文号：{decision_number}），依据《中华人民共和国行政强制法》"
                "第三十九条、第四十条的规定，{summary}。"
            ),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)
# 23 送达回证 (TEPP Art. 18)
_add(
    _form(
        "service_receipt",
        [C, ("cause", "案由"), ("served_documents", "送达文书"), SEAL],
        [
            _line("案由", "cause"),
            _line("送达单位", "seal_name"),
            _line("受送达人", "party_name"),
            _table(
                "送达文书",
                ("文书名称及文号", "签收人", "送达地点", "送达日期", "送达方式", "送达人"),
                "service_rows",
            ),
            _line("备注", "remarks"),
            SEAL_B,
        ],
    )
)
# 24 结案报告 (TEPP Art. 122)
_add(
    _form(
        "closing_report",
        [
            C,
            ("cause", "案由"),
            PARTY,
            ("outcome_text", "处理结果"),
            ("closing_summary", "执行情况"),
        ],
        [
            _line("案由", "cause"),
            PARTY_B,
            _text("处理结果", "outcome_text"),
            _text("执行情况", "closing_summary"),
            _line("承办人", "officer_names"),
            _sign("办案机构负责人意见", "执法部门负责人审批"),
            _line("结案日期", "step_date"),
        ],
    )
)

# --- the other written items (legal.md §D.1): same header, their own content ---------------------
_add(
    _form(
        "investigation_report",
        [C, ("cause", "案由"), PARTY, ("summary", "调查结论及处理意见")],
        [
            _line("案由", "cause"),
            _line("调查人员（执法证号）", "officers"),
            PARTY_B,
            _text("调查经过及事实", "facts"),
            EVIDENCE,
            _text("调查结论及处理意见", "summary"),
            _text("裁量说明", "discretion_text"),
            _sign("办案机构负责人意见", "法制审核意见", "执法部门负责人审批"),
        ],
    )
)
_add(
    _form(
        "legal_review_opinion",
        [C, ("cause", "案由"), ("review_opinion", "审核意见")],
        [
            _line("案由", "cause"),
            PARTY_NAME,
            _line("审核人员", "reviewer"),
            _line("审核事项", "review_checklist"),
            _text("审核意见", "review_opinion"),
            _sign("法制审核人员签名"),
            _line("审核日期", "step_date"),
        ],
    )
)
_add(
    _form(
        "deliberation_record",
        [C, ("cause", "案由"), ("attendees", "出席人员")],
        [
            _line("案件名称", "cause"),
            _line("时间", "step_date"),
            _line("出席人员", "attendees"),
            _text("讨论记录", "opinions"),
            _text("结论性意见", "resolution"),
            _sign("出席人员签名"),
        ],
    )
)
_add(
    _form(
        "no_penalty_decision",
        [*OUT, ("facts", "违法事实"), ("no_penalty_ground", "不予处罚理由"), BODY, COURT],
        [
            PARTY_B,
            _text("违法事实", "facts"),
            _para(
                "本机关认为{no_penalty_ground}，依据《中华人民共和国行政处罚法》第三十三条的规定，决定不予行政处罚。"
            ),
            _para(REMEDY.replace("{what}", "决定")),
            SEAL_B,
            _note(STUB),
        ],
        outgoing=True,
    )
)

_add(
    _form(
        "court_enforcement_application",
        [C, ("cause", "案由"), PARTY, COURT, ("decision_number", "处罚决定书文号"), SEAL, DATE],
        [
            _line("受理法院", "court"),
            _line("案由", "cause"),
            PARTY_B,
            _para(
                "本机关于{decision_date}对当事人作出{decision_number}行政处罚决定：{decision_content}。"
                "该决定已依法送达，当事人在法定期限内未申请行政复议或者提起行政诉讼，"
                "经催告仍未履行。"
            ),
            _line("未履行内容", "outstanding_text"),
            # 《行政处罚法》第七十二条第一款第（四）项；《行政强制法》第五十三条至第五十五条
            _para(
                "依照《中华人民共和国行政处罚法》第七十二条第一款第（四）项和"
                "《中华人民共和国行政强制法》第五十三条、第五十四条的规定，特申请你院强制执行。"
            ),
            _text("说明", "summary"),
            _line("附件", "enforcement_attachments"),
            _sign("执法部门负责人签名"),
            SEAL_B,
        ],
        outgoing=True,
    )
)
_add(
    _form(
        "crime_transfer_letter",
        [C, ("cause", "案由"), PARTY, SEAL, DATE],
        [
            _line("受移送机关", "receiving_body"),
            _line("案由", "cause"),
            PARTY_B,
            _text("涉嫌犯罪的事实", "facts"),
            # 《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第三条、第六条
            _para(
                "本机关在查处上述案件中，发现当事人的行为涉嫌构成犯罪。依照"
                "《行政执法机关移送涉嫌犯罪案件的规定》第三条、第六条的规定，现将该案移送你单位，"
                "请依法审查，并将是否立案的决定书面告知本机关。"
            ),
            _text("说明", "summary"),
            _table("移送证据材料", ("序号", "证据名称", "种类", "证明内容"), "evidence_rows"),
            _line("附件", "transfer_attachments"),
            SEAL_B,
        ],
        outgoing=True,
    )
)

_GENERIC = [
    _line("案由", "cause"),
    PARTY_NAME,
    _text("内容", "summary"),
    _line("日期", "step_date"),
]
for _kind in DOCUMENT_KINDS:
    if _kind not in FORMS:
        _outgoing = _kind in {
            "case_transfer_letter",
            "crime_transfer_letter",
            "assistance_letter",
            "recusal_decision",
            "court_enforcement_application",
        }
        _add(
            _form(
                _kind,
                [C, ("cause", "案由")],
                [*_GENERIC, *([SEAL_B] if _outgoing else [_sign("承办人签名", "负责人审批")])],
                outgoing=_outgoing,
            )
        )


def layout(kind: str, f: dict) -> list[Block]:
    """The blocks of a form, filled with the fields `f`."""
    form = FORMS[kind]
    out: list[Block] = []
    for item in form.layout:
        tag = item[0]
        if tag == "party":
            out.extend(_party_block(f))
        elif tag == "line":
            out.append(Block("line", label=item[1], text=str(f.get(item[2]) or "")))
        elif tag == "text":
            value = str(f.get(item[2]) or "")
            if value:
                out.append(Block("text", label=item[1], text=value))
        elif tag == "para":
            out.append(Block("para", text=fill(item[1], f)))
        elif tag == "table":
            rows = tuple(tuple(str(c) for c in r) for r in (f.get(item[3]) or ()))
            out.append(Block("table", label=item[1], headers=item[2], rows=rows))
        elif tag == "sign":
            out.append(Block("sign", items=tuple(item[1])))
        elif tag == "seal":
            out.append(
                Block("seal", label=str(f.get("seal_name", "")), text=str(f.get("issue_date", "")))
            )
        elif tag == "note":
            out.append(Block("note", text=item[1]))
    return out


def all_text(title: str, header: list[str], blocks: list[Block]) -> str:
    """Every character a rendition prints (for the font coverage check)."""
    parts = [title, *header]
    for b in blocks:
        parts += [b.label, b.text, *b.headers, *b.items]
        for r in b.rows:
            parts += list(r)
    return "".join(parts)
