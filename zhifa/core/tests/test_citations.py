"""The citation formatter, table-tested on the shapes the code uses and on every reference string that
exists in the code base (collected here, so a new abbreviation the formatter does not know fails)."""

import re
from pathlib import Path

import pytest

from zhifa.core.citations import (
    REFERENCE_RE,
    UnknownReference,
    cn_number,
    render_text,
    to_abbrev,
    to_zh,
    unknown_abbreviations,
)

ROOT = Path(__file__).resolve().parents[2]  # zhifa/


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (60, "六十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (130, "一百三十"),
        (202, "二百零二"),
    ],
)
def test_numbers_as_statutes_write_them(n, zh):
    assert cn_number(n) == zh


@pytest.mark.parametrize(
    ("ref", "full", "short"),
    [
        (
            "APL Art. 60; TEPP Art. 78",
            "《中华人民共和国行政处罚法》第六十条；《交通运输行政执法程序规定》第七十八条",
            "《行政处罚法》第六十条；《交通运输行政执法程序规定》第七十八条",
        ),
        (
            "S6 Art. 5",
            "《行政执法机关移送涉嫌犯罪案件的规定》第五条",
            "《移送涉嫌犯罪案件的规定》第五条",
        ),
        (
            "ACL Art. 25 ¶2",
            "《中华人民共和国行政强制法》第二十五条第二款",
            "《行政强制法》第二十五条第二款",
        ),
        (
            "APL Art. 66 para 2",
            "《中华人民共和国行政处罚法》第六十六条第二款",
            "《行政处罚法》第六十六条第二款",
        ),
        (
            "TEPP Art. 18(3)",
            "《交通运输行政执法程序规定》第十八条第（三）项",
            "《交通运输行政执法程序规定》第十八条第（三）项",
        ),
        (
            "APL Art. 64(2), Art. 85",
            "《中华人民共和国行政处罚法》第六十四条第（二）项、第八十五条",
            "《行政处罚法》第六十四条第（二）项、第八十五条",
        ),
        (
            "TEPP Arts. 71–72",
            "《交通运输行政执法程序规定》第七十一条至第七十二条",
            "《交通运输行政执法程序规定》第七十一条至第七十二条",
        ),
        (
            "ACL Arts. 29, 31, 32",
            "《中华人民共和国行政强制法》第二十九条、第三十一条、第三十二条",
            "《行政强制法》第二十九条、第三十一条、第三十二条",
        ),
        ("S1 Art. 36", "《中华人民共和国行政处罚法》第三十六条", "《行政处罚法》第三十六条"),
        (
            "T4 §四(十三)",
            "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
            "（国办发〔2018〕118号）第四部分第（十三）项",
            "《三项制度指导意见》第四部分第（十三）项",
        ),
        ("Civil Code Art. 202", "《中华人民共和国民法典》第二百零二条", "《民法典》第二百零二条"),
        (
            "SPC 2018 Interpretation Art. 156",
            "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第一百五十六条",
            "《行政诉讼法解释》第一百五十六条",
        ),
    ],
)
def test_references_in_full_and_short_form_and_back(ref, full, short):
    assert to_zh(ref) == full
    assert to_zh(ref, short=True) == short
    # and back: the Chinese citation gives the abbreviation again (¶ is written "para")
    assert to_zh(to_abbrev(full)) == full
    assert to_zh(to_abbrev(short)) == full


def test_a_message_keeps_its_text_and_gets_chinese_citations():
    text = "顺延至其后第一个工作日 2026-01-05（TEPP Art. 17; APL Art. 85）"
    assert render_text(text, short=True) == (
        "顺延至其后第一个工作日 2026-01-05（《交通运输行政执法程序规定》第十七条；《行政处罚法》第八十五条）"
    )
    assert render_text("当事人放弃陈述申辩 (APL Art. 62)") == (
        "当事人放弃陈述申辩 （《中华人民共和国行政处罚法》第六十二条）"
    )
    assert render_text("没有引用") == "没有引用"


def test_unknown_instruments_are_refused():
    with pytest.raises(UnknownReference):
        to_zh("XYZ Art. 5")
    assert unknown_abbreviations("see XYZ Art. 5 and APL Art. 3") == {"XYZ"}


def _code_texts():
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".json"} or "migrations" in path.parts:
            continue
        if path.name in {"citations.py", "test_citations.py"} or "refdata" in path.parts:
            continue
        yield path, path.read_text("utf-8", errors="replace")


REFERENCES = sorted({m.group(0) for _, text in _code_texts() for m in REFERENCE_RE.finditer(text)})


def test_the_code_base_cites_only_known_instruments():
    unknown = {
        f"{path.relative_to(ROOT)}: {abbr}"
        for path, text in _code_texts()
        for abbr in unknown_abbreviations(text)
    }
    assert not unknown, (
        "引用了格式化器不认识的法规缩写（请加入 core/citations.LAWS）："
        + "；".join(sorted(unknown))
    )


def test_the_code_base_has_references_to_check():
    assert len(REFERENCES) > 100


@pytest.mark.parametrize("ref", REFERENCES)
def test_every_reference_in_the_code_base_renders_in_chinese(ref):
    full, short = to_zh(ref), to_zh(ref, short=True)
    for zh in (full, short):
        assert not re.search(r"[A-Za-z¶§]", zh), zh
        assert zh.startswith("《") and re.search(r"[条款项分]$", zh), zh
    assert to_zh(to_abbrev(full)) == full
