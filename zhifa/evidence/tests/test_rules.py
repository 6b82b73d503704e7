"""The pure parts: recording rules (legal.md §B.4) as a table a lawyer can read, and sniffing."""

import ast
from pathlib import Path

import pytest

from zhifa.evidence import rules, sniffing

from .conftest import JPEG, MOV, MP3, MP4, PDF, PNG, WAV, office, plain_zip

# act, requirement, a file type that satisfies it, one that does not (or None), source
RECORDING_TABLE = [
    ("on_site_seizure", rules.MANDATORY, "video/mp4", "audio/mpeg", "T1 Art. 54; T4 §三(八)"),
    ("premises_questioning", rules.MANDATORY, "video/quicktime", "image/jpeg", "T1 Art. 54"),
    ("forced_demolition", rules.MANDATORY, "video/mp4", "application/pdf", "T4 §三(八)"),
    ("on_site_compulsory_execution", rules.MANDATORY, "video/mp4", "audio/wav", "T4 §三(八) 等"),
    ("public_notice_posting", rules.MANDATORY, "image/jpeg", "application/pdf", "T1 Art. 18(5)"),
    ("perishable_sale", rules.MANDATORY, "video/mp4", "audio/mpeg", "T1 Arts. 124–129"),
    ("on_site_inspection", rules.RECOMMENDED, "audio/mpeg", "application/pdf", "T4 §三(八)"),
    ("interview", rules.RECOMMENDED, "audio/wav", "application/pdf", "T1 Art. 39"),
    ("site_examination", rules.RECOMMENDED, "image/png", None, "T1 Art. 40"),
    ("hearing", rules.RECOMMENDED, "video/mp4", None, "T4 §三(八)"),
    ("service_left_at_address", rules.RECOMMENDED, "image/jpeg", None, "T1 Art. 18(2)"),
    ("document_review", rules.NONE, "image/jpeg", None, "T4 §三(八)"),
]


@pytest.mark.parametrize(("act", "requirement", "good", "bad", "source"), RECORDING_TABLE)
def test_recording_rule(act, requirement, good, bad, source):
    # given the act's rule
    rule = rules.recording_rule(act)
    # then its requirement and the media that satisfy it are as the source says
    assert rule.requirement == requirement, source
    assert rules.recording_required(act) is (requirement == rules.MANDATORY)
    assert rules.satisfies(act, [good])
    if bad is not None:
        assert not rules.satisfies(act, [bad])
    assert not rules.satisfies(act, [])


def test_every_act_has_an_article_and_a_chinese_label():
    for rule in rules.RULES.values():
        assert rule.article and rule.label
        assert rule.requirement in (rules.MANDATORY, rules.RECOMMENDED, rules.NONE)


def test_unknown_act_is_neither_required_nor_satisfied():
    assert not rules.recording_required("teleportation")
    assert not rules.satisfies("teleportation", ["video/mp4"])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (JPEG, sniffing.JPEG),
        (PNG, sniffing.PNG),
        (PDF, sniffing.PDF),
        (MP4, sniffing.MP4),
        (MOV, sniffing.MOV),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat", sniffing.MOV),
        (MP3, sniffing.MP3),
        (b"\xff\xfb\x90\x44" + b"\x00" * 20, sniffing.MP3),
        (WAV, sniffing.WAV),
        (office("docx"), sniffing.DOCX),
        (office("xlsx"), sniffing.XLSX),
        (office("pptx"), sniffing.PPTX),
        (plain_zip(), ""),
        (b"MZ\x90\x00 an executable", ""),
        (b"<html><script>alert(1)</script>", ""),
        (b"\x00\x00\x00\x18ftypXXXX", ""),
    ],
)
def test_sniff_file(tmp_path, data, expected):
    path = tmp_path / "f"
    path.write_bytes(data)
    assert sniffing.sniff_file(path) == expected


@pytest.mark.parametrize(
    ("detected", "declared", "name", "problem"),
    [
        (sniffing.JPEG, "image/jpeg", "a.jpg", ""),
        (sniffing.JPEG, "image/jpg", "a.JPEG", ""),  # alias and upper-case extension
        (sniffing.JPEG, "application/octet-stream", "a.jpg", ""),  # declares nothing
        (sniffing.JPEG, "", "noextension", ""),
        (sniffing.MP4, "video/mp4; codecs=avc1", "a.mp4", ""),
        (sniffing.JPEG, "application/pdf", "a.jpg", "declared_mismatch"),
        (sniffing.PDF, "application/pdf", "a.jpg", "extension_mismatch"),
        (sniffing.MP4, "video/mp4", "a.mp4.exe", "extension_mismatch"),
        ("", "image/jpeg", "a.jpg", "unsupported"),
        ("application/zip", "application/zip", "a.zip", "unsupported"),
    ],
)
def test_declared_type_must_match_content(detected, declared, name, problem):
    check = sniffing.check_type(detected, declared=declared, file_name=name)
    assert check.problem == problem
    assert check.ok is (problem == "")


@pytest.mark.parametrize("module", ["rules.py", "sniffing.py", "offline.py"])
def test_pure_modules_import_no_django(module):
    # given the module's source
    tree = ast.parse((Path(__file__).parent.parent / module).read_text())
    # then no import names django
    names = [
        alias.name if isinstance(node, ast.Import) else (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])
    ]
    assert names and not [n for n in names if n.startswith("django")]
