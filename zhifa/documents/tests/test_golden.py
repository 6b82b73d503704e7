"""Golden tests: every form rendered once (PDF and DOCX) from one complete set of fields; the text
extracted with pypdf and python-docx holds every required field, the title and the case number.
Also the bad inputs of issue 11: long facts, rare characters, fractions of a fen, a missing
remedy body."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from zhifa.core.errors import InvalidInput
from zhifa.core.procedure.documents import DOCUMENT_KINDS
from zhifa.documents import render
from zhifa.documents.errors import FontMissingGlyphs, MissingFields
from zhifa.documents.fields import penalty_text
from zhifa.documents.fonts import font_set
from zhifa.documents.forms import FORMS, all_text

ROWS3 = [["1", "挖掘机", "PC200", "1台", "停车场"]]
FULL = {
    "case_number": "浙杭交执罚〔2026〕000123号",
    "cause": "擅自占用、挖掘公路",
    "source": "在执法检查中发现",
    "received_on": "2026年9月1日",
    "filed_on": "2026年9月2日",
    "facts": "当事人于2026年8月30日在G320国道K100处擅自挖掘公路约5平方米",
    "violation_date": "2026年8月30日",
    "filing_basis": "《中华人民共和国公路法》第七十六条第（一）项",
    "provision_breached": "《中华人民共和国公路法》第四十四条第一款",
    "penalty_provision": "《中华人民共和国公路法》第七十六条第（一）项",
    "officer_names": "张执法、李执法",
    "certificates": "T00000002、T00000004",
    "officers": "张执法（T00000002）、李执法（T00000004）",
    "recorder": "李执法",
    "seal_name": "杭州市交通运输综合行政执法支队",
    "reconsideration_body": "杭州市人民政府",
    "court": "杭州市西湖区人民法院",
    "payment_bank": "中国工商银行杭州分行",
    "payment_account": "1202020209000000001",
    "contact_address": "杭州市上城区解放东路1号",
    "postcode": "310000",
    "contact_person": "王联系",
    "contact_phone": "0571-12345678",
    "issue_date": "2026年9月10日",
    "step_date": "2026年9月10日",
    "summary": "经调查事实清楚证据确凿建议处罚",
    "evidence_rows": [["1", "现场笔录", "勘验笔录、现场笔录", "证明挖掘事实"]],
    "discretion_text": "适用浙江裁量基准一般档",
    "party_kind": "organisation",
    "party_name": "杭州喆堃建设工程有限公司",
    "party_id_number": "91330100716105852F",
    "party_address": "杭州市西湖区文三路100号",
    "party_phone": "0571-88888888",
    "party_plate": "浙A12345",
    "proposed_penalty": "罚款人民币4000元（大写：肆仟元整）",
    "hearing_clause": "你（单位）有权要求听证，应当在收到本通知书之日起五日内提出。",
    "penalty_text": "罚款人民币4000元（大写：肆仟元整）",
    "fine_figures": "4000元",
    "fine_capital": "肆仟元整",
    "decision_date": "2026年9月10日",
    "decision_number": "〔2026〕杭交执罚字第7号",
    "decision_content": "罚款人民币4000元",
    "outcome_text": "作出行政处罚决定：罚款人民币4000元",
    "correction_text": "立即停止违法行为并恢复公路原状",
    "outstanding_text": "缴纳罚款及加处罚款共计人民币5200元",
    "onspot_payment": "当场缴纳",
    "hearing_date": "2026年9月20日",
    "hearing_chair": "孙主持",
    "hearing_record": "当事人陈述了意见",
    "hearing_place": "本机关听证室",
    "hearing_public": "公开举行",
    "review_opinion": "事实清楚，同意",
    "reviewer": "钱审核",
    "review_checklist": "主体、程序",
    "attendees": "赵负责人、钱审核",
    "opinions": "同意处罚",
    "resolution": "同意",
    "plan_text": "同意分期缴纳",
    "plan_rows": [["1", "2026-10-01", "2000"]],
    "closing_summary": "罚款已缴清",
    "service_rows": [
        [
            "行政处罚决定书 〔2026〕杭交执罚字第7号",
            "刘某",
            "文三路100号",
            "2026年9月20日",
            "直接送达",
            "李执法",
        ]
    ],
    "served_documents": "行政处罚决定书 〔2026〕杭交执罚字第7号",
    "measure_text": "扣押：挖掘机1台（期限至2026年10月1日）",
    "measure_basis": "《中华人民共和国公路法》第八十五条",
    "measure_date": "2026年9月1日",
    "measure_number": "〔2026〕杭交执强措字第1号",
    "measure_until": "2026年10月30日",
    "preservation_date": "2026年9月1日",
    "preservation_number": "〔2026〕杭交执保字第1号",
    "item_rows": ROWS3,
    "no_penalty_ground": "违法行为轻微并及时改正，没有造成危害后果",
    "remarks": "",
    "place": "G320国道K100处",
}
NUMBER = "〔2026〕杭交执罚字第12号"
CODE = "ABCDEFGH2345"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _render(kind, fields):
    r = render.prepare(kind, fields, number=NUMBER)
    pdf_bytes, pages = render.to_pdf(r, code=CODE)
    docx_bytes = render.to_docx(r, code=CODE)
    pages_text = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(pdf_bytes)).pages]
    # the page footer (title, verification code, page number) sits between the pages' text
    footer = re.compile(re.escape(squash(r.title)) + "核验码：" + CODE + r"第\d+页")
    pdf_text = "".join(footer.sub("", t) for t in pages_text) + "".join(
        m.group(0) for t in pages_text for m in footer.finditer(t)
    )
    d = Docx(io.BytesIO(docx_bytes))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return r, pdf_bytes, pages, pdf_text, squash("".join(parts)), d


@pytest.fixture(scope="module")
def rendered():
    """Each form once: (Rendered, pdf bytes, pages, pdf text, docx text, docx document)."""
    return {kind: _render(kind, FULL) for kind in FORMS}


# What must never reach a printed document: template syntax left unfilled, Python's None, JSON
# null/true/false, and Latin words or snake_case identifiers (internal codes, English text).
# Identifiers the forms do print (plates 浙A12345, credit codes, certificate numbers T00000002,
# road numbers G320/K100) have at most two letters in a row; the verification code is removed first.
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|\bnull\b|\btrue\b|\bfalse\b|[A-Za-z_]{3,}")


def leftovers(text: str, code: str = CODE) -> list[str]:
    return LEFTOVER.findall(text.replace(code, ""))


def docx_xml_text(data: bytes) -> str:
    """Every w:t of the DOCX package's parts (body, headers, footers), as Word would show it."""
    import zipfile

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                out += re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
    return "".join(out)


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_no_template_syntax_english_none_or_internal_codes_in_any_kind(rendered, kind):
    r, _pdf, _pages, pdf_text, _docx_text, _d = rendered[kind]
    docx_bytes = render.to_docx(r, code=CODE)
    xml_text = docx_xml_text(docx_bytes)
    assert squash(r.title) in squash(xml_text)
    assert leftovers(xml_text) == [], (kind, "docx", leftovers(xml_text))
    assert leftovers(pdf_text) == [], (kind, "pdf", leftovers(pdf_text))


def test_the_leftover_check_catches_what_it_should():
    for bad in ("{{ party_name }}", "{% if x %}", "None", "road_admin_class", "penalty decision"):
        assert leftovers(f"当事人：{bad}"), bad
    for good in ("浙A12345", "91330100716105852F", "T00000002", "G320国道K100处", CODE):
        assert leftovers(f"当事人：{good}") == [], good


def test_every_document_kind_has_a_form():
    assert set(FORMS) == set(DOCUMENT_KINDS)
    assert len([k for k in DOCUMENT_KINDS.values() if k.form_no]) == 24


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_every_required_field_is_printed_in_pdf_and_docx(rendered, kind):
    _r, _pdf, _pages, pdf_text, docx_text, _d = rendered[kind]
    form = FORMS[kind]
    for text in (pdf_text, docx_text):
        assert squash(form.title) in text
        assert squash(NUMBER) in text and FULL["case_number"] in text
        for key, label in form.required:
            value = FULL[key]
            if isinstance(value, list):
                value = value[0][1]
            assert squash(str(value)) in text, (kind, key, label)
        if form.outgoing:
            assert FULL["seal_name"] + "（印章）" in text, kind
    assert CODE in pdf_text  # the verification code on every page's footer
    if DOCUMENT_KINDS[kind].form_no:
        assert f"文书式样之{DOCUMENT_KINDS[kind].form_no}" in pdf_text


@pytest.mark.parametrize(
    "kind",
    [
        "penalty_decision",
        "measure_decision",
        "correction_order",
        "execution_decision",
        "substitute_performance_decision",
        "no_penalty_decision",
    ],
)
def test_decisions_name_the_remedy_body_court_and_periods(rendered, kind):
    pdf_text = rendered[kind][3]
    assert "六十日内向杭州市人民政府申请行政复议" in pdf_text
    assert "六个月内依法向杭州市西湖区人民法院提起行政诉讼" in pdf_text


def test_penalty_decision_states_amount_in_figures_and_capitals_and_payment(rendered):
    _r, _pdf, _pages, text, docx_text, _ = rendered["penalty_decision"]
    for t in (text, docx_text):
        assert "罚款人民币4000元（大写：肆仟元整）" in t
        assert "十五日内缴至中国工商银行杭州分行" in t and "百分之三" in t
        assert "统一社会信用代码：91330100716105852F" in t  # the organisation's party block


def test_onspot_decision_says_reconsideration_comes_first(rendered):
    assert "对当场作出的行政处罚决定不服的，应当先申请行政复议" in rendered["onspot_decision"][3]
    assert (
        "《中华人民共和国行政复议法》第二十三条第一款第（一）项" in rendered["onspot_decision"][3]
    )


def test_violation_notice_gives_five_days_for_a_hearing(rendered):
    assert "五日内" in rendered["violation_notice"][3]
    assert "第四十四条、第四十五条" in rendered["violation_notice"][3]


def test_docx_styles_carry_an_east_asian_font_and_a4_margins(rendered):
    d = rendered["penalty_decision"][5]
    fonts = d.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28


def test_pdf_embeds_its_fonts(rendered):
    reader = PdfReader(io.BytesIO(rendered["penalty_decision"][1]))
    embedded = False
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            f = font.get_object()
            for desc in [f.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in f.get("/DescendantFonts") or []
            ]:
                if desc is not None and any(
                    k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    embedded = True
    assert embedded


def test_font_covers_every_character_of_every_generated_document(rendered):
    """Fails when a generated document holds a character missing from the configured fonts."""
    fonts = font_set()
    for _kind, (r, *_rest) in rendered.items():
        fonts.check(all_text(r.title, r.header_lines, r.blocks))  # raises if one is missing
    # and the check does bite: a CJK Extension B character is outside the default font
    with pytest.raises(FontMissingGlyphs) as e:
        fonts.check("当事人𠀀某")
    assert "𠀀" in e.value.message and e.value.details["characters"] == ["𠀀"]


def test_a_rare_name_character_outside_the_font_refuses_with_the_character_listed():
    fields = {**FULL, "party_name": "张𪚥"}
    with pytest.raises(FontMissingGlyphs) as e:
        render.prepare("penalty_decision", fields, number=NUMBER)
    assert "𪚥" in e.value.message and "字体" in e.value.message


def test_rare_characters_that_the_font_has_are_printed():
    # 喆 and 堃 (common in names, outside GB 2312) are printed and extractable
    assert "杭州喆堃建设工程有限公司" in _render("penalty_decision", FULL)[3]


def test_two_thousand_character_facts_flow_onto_further_pages_uncut():
    facts = ("当事人驾驶重型半挂牵引车浙A12345擅自在公路上挖掘施工，" * 80)[:2000] + "末尾标记"
    _r, _pdf, pages, text, docx_text, _ = _render("penalty_decision", {**FULL, "facts": facts})
    assert pages >= 3
    assert squash(facts) in text and "末尾标记" in docx_text
    assert "浙A12345" in text  # a plate number is never broken by the CJK wrapping


def test_a_table_cell_longer_than_a_page_flows_on():
    rows = [["1", "现场笔录", "勘验笔录、现场笔录", "长" * 2990 + "尾"]]
    _r, _pdf, pages, text, _docx, _d = _render("penalty_decision", {**FULL, "evidence_rows": rows})
    assert pages > 5 and text.count("长") == 2990 and "尾" in text


def test_a_missing_remedy_body_refuses_issue_listing_it():
    fields = {**FULL, "reconsideration_body": "", "court": ""}
    with pytest.raises(MissingFields) as e:
        render.check_required("penalty_decision", fields)
    assert "复议机关" in e.value.message and "管辖法院" in e.value.message
    assert [m["field"] for m in e.value.details["missing"]] == ["reconsideration_body", "court"]


def test_a_fine_with_a_fraction_of_a_fen_is_refused():
    with pytest.raises(InvalidInput) as e:
        penalty_text({"kinds": ["fine"], "fine": "100.005"})
    assert e.value.code == "amount_below_fen" and "分" in e.value.message
    assert penalty_text({"kinds": ["fine", "warning"], "fine": "100.05"})[0] == (
        "罚款人民币100.05元（大写：壹佰元零伍分）；警告"
    )
