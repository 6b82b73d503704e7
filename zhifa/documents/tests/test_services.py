"""Issuing, numbering, correcting, verifying and the case file, through the services, the pages
and the API, on one general-procedure case each (a case costs a few seconds: tests are few and
check several things each)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as Docx
from pypdf import PdfReader, PdfWriter

from zhifa import testing
from zhifa.cases.models import Document
from zhifa.core import hashchain
from zhifa.core.errors import DomainError
from zhifa.documents import services
from zhifa.documents.models import AgencyDocumentSettings, CaseFile, IssuedDocument
from zhifa.documents.tests.conftest import archive, dcall, decided_case
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_issue_number_correct_and_keep_every_version(api, world, people, law, doc_settings):
    # given a decided case of the Hangzhou squad
    cid = decided_case(api, people)
    decision = Document.objects.get(case_id=cid, kind="penalty_decision")
    notice = Document.objects.get(case_id=cid, kind="violation_notice")

    # when the head issues the decision and an officer the notice
    issued = services.issue_document(decision, actor=people.head)
    n = services.issue_document(notice, actor=people.o1.user)

    # then: the agency's prefix, year and a serial per kind; SM3 digest of the very bytes, journaled
    assert issued.number == "〔2026〕杭交执罚字第1号"
    assert n.number == "〔2026〕杭交执告字第1号"
    assert issued.algorithm == hashchain.DEFAULT_ALGORITHM
    assert issued.pdf_digest == hashchain.digest(issued.algorithm, bytes(issued.pdf))
    entry = JournalEntry.objects.get(event_type="document.issued", subject_id=str(issued.pk))
    assert issued.pdf_digest in entry.payload and issued.docx_digest in entry.payload
    text = _text(bytes(issued.pdf))
    for needle in (
        "杭州某建设工程有限公司",
        "罚款人民币4000元",
        "肆仟元整",
        "杭州市人民政府",
        "杭州市西湖区人民法院",
        issued.code,
    ):
        assert needle in text
    assert "〔2026〕杭交执罚字第1号" in "".join(
        p.text for p in Docx(io.BytesIO(bytes(issued.docx))).paragraphs
    )

    # issuing again is refused; an issued file cannot be overwritten
    with pytest.raises(DomainError) as e:
        services.issue_document(decision, actor=people.head)
    assert e.value.code == "document_already_issued"
    issued.pdf = b"tampered"
    with pytest.raises(ValueError):
        issued.save()

    # when the agency's court changes and the decision is corrected
    AgencyDocumentSettings.objects.filter(pk=doc_settings.pk).update(court="杭州铁路运输法院")
    with pytest.raises(DomainError) as e:
        services.correct_document(decision, actor=people.head, reason="")
    assert e.value.code == "correction_reason_required"
    v2 = services.correct_document(decision, actor=people.head, reason="管辖法院有误")

    # then a second version with the same number; the first kept byte for byte, superseded
    old = IssuedDocument.objects.get(pk=issued.pk)
    assert (v2.version, v2.number, v2.status) == (2, issued.number, "current")
    assert old.status == "superseded" and old.pdf_digest == hashchain.digest(
        old.algorithm, bytes(old.pdf)
    )
    assert "杭州铁路运输法院" in _text(bytes(v2.pdf)) and "更正第2版" in _text(bytes(v2.pdf))
    assert JournalEntry.objects.filter(event_type="document.corrected").count() == 1

    # the public page: both codes answer; the corrected one says so; upload checks the bytes
    page = api.client.get(f"/verify/{old.code}")
    assert "已被更正版本取代" in page.content.decode()
    api.client.logout()
    ok = api.client.post(f"/verify/{v2.code}", {"file": io.BytesIO(bytes(v2.pdf))})
    assert ok.status_code == 200 and "verify-match" in ok.content.decode()
    assert (
        issued.number in ok.content.decode()
        and "杭州市交通运输综合行政执法支队" in ok.content.decode()
    )
    modified = PdfWriter()
    modified.append(PdfReader(io.BytesIO(bytes(v2.pdf))))
    modified.add_metadata({"/Title": "改过"})
    buf = io.BytesIO()
    modified.write(buf)
    bad = api.client.post(f"/verify/{v2.code}", {"file": io.BytesIO(buf.getvalue())})
    assert "verify-mismatch" in bad.content.decode()

    # the corrected version is never shown as valid: 已更正 with the date and the reason
    assert "已更正" in page.content.decode() and "管辖法院有误" in page.content.decode()
    old_upload = api.client.post(f"/verify/{old.code}", {"file": io.BytesIO(bytes(old.pdf))})
    assert "verify-match-invalid" in old_upload.content.decode()
    assert 'id="verify-match"' not in old_upload.content.decode()

    # withdrawal: only the agency head approves it, and only with a reason
    with pytest.raises(DomainError) as e:
        services.withdraw_document(notice, actor=people.o1.user, reason="告知内容有误")
    assert e.value.code == "document_not_allowed"
    with pytest.raises(DomainError) as e:
        services.withdraw_document(notice, actor=people.head, reason="  ")
    assert e.value.code == "withdrawal_reason_required"
    # from the case page's panel (the head's control), back to the page it came from
    api.client.force_login(people.head)
    panel = api.client.get(f"/documents/cases/{cid}/").content.decode()
    assert f"/documents/{notice.pk}/withdraw/" in panel
    r = api.client.post(
        f"/documents/{notice.pk}/withdraw/",
        {"reason": "违法事实认定有误", "next": "https://evil.example/"},
    )
    assert r.status_code == 302 and r["Location"] == f"/documents/cases/{cid}/"
    w = IssuedDocument.objects.get(pk=n.pk)
    assert (w.status, w.withdrawal_reason, w.withdrawn_by_id) == (
        "withdrawn",
        "违法事实认定有误",
        people.head.pk,
    )
    assert bytes(w.pdf) == bytes(n.pdf)  # the file is kept as issued
    entry = JournalEntry.objects.get(event_type="document.withdrawn", subject_id=str(n.pk))
    assert n.number in entry.payload and "违法事实认定有误" in entry.payload
    assert Notification.objects.filter(
        user=people.o2.user, kind="document.withdrawn", subject_id=str(cid)
    ).exists()
    panel = api.client.get(f"/documents/cases/{cid}/").content.decode()
    assert "已撤回" in panel and "违法事实认定有误" in panel
    # a withdrawn document cannot be withdrawn or corrected again
    with pytest.raises(DomainError) as e:
        services.correct_document(notice, actor=people.head, reason="再更正")
    assert e.value.code == "document_not_issued"

    # the public page says 已撤回 with date and reason, never 有效; a wrong code finds nothing
    api.client.logout()
    wrong = api.client.get("/verify/ZZZZZZZZZZZZ").content.decode()
    assert "verify-none" in wrong
    page = api.client.get(f"/verify/{n.code}").content.decode()
    assert "已撤回" in page and "违法事实认定有误" in page
    assert f"{w.withdrawn_at:%Y}年" in page and "<strong>有效" not in page
    upload = api.client.post(f"/verify/{n.code}", {"file": io.BytesIO(bytes(n.pdf))})
    assert "verify-match-invalid" in upload.content.decode()
    answer = api.client.get(f"/api/v1/documents/verify/{n.code}").json()
    assert (answer["valid"], answer["status"], answer["status_label"]) == (
        False,
        "withdrawn",
        "已撤回",
    )
    assert answer["status_reason"] == "违法事实认定有误" and answer["status_on"]
    api_answer = api.client.get(f"/api/v1/documents/verify/{v2.code}").json()
    assert api_answer["found"] and api_answer["pdf_digest"] == v2.pdf_digest
    assert api_answer["valid"] and api_answer["status_label"] == "有效"

    # issued again after the withdrawal: a new number (the withdrawn one is void), next version
    again = services.issue_document(notice, actor=people.o1.user)
    assert (again.number, again.version) == ("〔2026〕杭交执告字第2号", 2)
    # and through the API: an officer may not withdraw, the head may
    out = dcall(api, people.o1.user, "get", f"/cases/{cid}")
    assert any(d["id"] == notice.pk and d["issued"]["version"] == 2 for d in out)
    api.client.force_login(people.o1.user)
    url = f"/api/v1/documents/{notice.pk}/withdraw"
    body = '{"reason": "送达地址有误"}'
    refused = api.client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "document_not_allowed"
    api.client.force_login(people.head)
    done = api.client.post(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"


def test_missing_fields_refuse_without_using_a_number_and_scope(api, world, people, law):
    # given a decided case whose agency has not yet set its remedy body and court
    cid = decided_case(api, people)
    decision = Document.objects.get(case_id=cid, kind="penalty_decision")

    # when the head issues: refused with the missing fields in Chinese, no number used
    with pytest.raises(DomainError) as e:
        services.issue_document(decision, actor=people.head)
    assert e.value.code == "document_missing_fields"
    assert "复议机关" in e.value.message and "管辖法院" in e.value.message
    assert "缴款银行" in e.value.message
    assert not IssuedDocument.objects.exists()
    body = dcall(api, people.head, "post", f"/{decision.pk}/issue", status=422)
    draft = api.client.get(f"/documents/{decision.pk}/").content.decode()
    assert "preview-problem" in draft and "复议机关" in draft and "草稿" in draft
    page = api.client.post(f"/documents/{decision.pk}/issue/", follow=True).content.decode()
    assert "缺少必填内容" in page
    assert body["code"] == "document_missing_fields" and body["details"]["missing"]

    # an agency head of Ningbo sees nothing; another officer of Hangzhou may issue once set up
    assert dcall(api, people.other_head, "post", f"/{decision.pk}/issue", status=404)["code"] == (
        "document_not_found"
    )
    AgencyDocumentSettings.objects.create(
        agency=world.hangzhou,
        reconsideration_body="杭州市人民政府",
        court="杭州市西湖区人民法院",
        payment_bank="工商银行",
        payment_account="1202",
    )
    out = dcall(api, people.o2.user, "post", f"/{decision.pk}/issue", status=201)
    assert out["number"].endswith("罚字第1号")  # gap-free: the refusal took no number
    listing = dcall(api, people.o1.user, "get", f"/cases/{cid}")
    assert [d["kind"] for d in listing if d["issued"]] == ["penalty_decision"]
    assert api.client.get(out["pdf_url"]).status_code == 200

    # batch printing of the officer's day: one PDF of what they issued that day
    batch = dcall(api, people.o2.user, "get", "/batch", day=str(decision.issued_on))
    assert [b["number"] for b in batch] == [out["number"]]
    pdf = api.client.get("/api/v1/documents/batch/pdf", {"day": str(decision.issued_on)})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert api.client.get("/documents/batch/", {"day": "not-a-day"}).status_code == 422


def test_a_step_that_has_not_happened_has_no_document(api, world, people, law, doc_settings):
    # given a decided case without a hearing
    cid = decided_case(api, people)

    # when an officer asks for its hearing record, or for an unknown kind
    body = dcall(
        api, people.o1.user, "post", f"/cases/{cid}/kinds/hearing_record/issue", status=409
    )
    unknown = dcall(api, people.o1.user, "post", f"/cases/{cid}/kinds/nonsense/issue", status=409)

    # then a clear Chinese refusal naming the document; nothing issued
    assert body["code"] == "document_step_not_happened"
    assert "听证笔录" in body["message"] and "尚未" in body["message"]
    assert unknown["code"] == "document_kind_unknown"
    assert not IssuedDocument.objects.exists()
    # and the decision, whose step happened, is issued the same way; by an outsider it is not
    out = dcall(api, people.head, "post", f"/cases/{cid}/kinds/penalty_decision/issue", status=201)
    assert out["kind"] == "penalty_decision"
    outsider = testing.make_user(world.hangzhou, roles=("supervisor",), full_name="监督员")
    with pytest.raises(DomainError) as e:
        services.correct_document(
            Document.objects.get(pk=out["document_id"]), actor=outsider, reason="试图更正"
        )
    assert e.value.code == "document_not_allowed"


def test_archive_makes_the_case_file_with_contents_bookmarks_and_docx_zip(
    api, world, people, law, doc_settings
):
    # given a case paid and closed
    cid = decided_case(api, people)
    services.issue_document(
        Document.objects.get(case_id=cid, kind="penalty_decision"), actor=people.head
    )

    # when the head archives it
    archive(api, people, cid)

    # then the case file exists, journaled with its digests, in archive order
    cf = CaseFile.objects.get(case_id=cid)
    entry = JournalEntry.objects.get(event_type="document.case_file_made")
    assert cf.pdf_digest in entry.payload and cf.zip_digest in entry.payload
    reader = PdfReader(io.BytesIO(bytes(cf.pdf)))
    assert len(reader.pages) == cf.pages
    titles = [o.title for o in reader.outline]
    assert titles[:2] == ["封面", "目录"]
    assert titles[-2].startswith("证据清单") and titles[-1].startswith("结案报告")
    assert any(t.startswith("行政处罚决定书 〔2026〕杭交执罚字第1号") for t in titles)
    # the contents' page numbers are where each part starts
    contents_text = reader.pages[1].extract_text().replace("\n", "")
    for item in cf.contents:
        page_text = reader.pages[item["page"] - 1].extract_text().replace("\n", "").replace(" ", "")
        assert item["name"].replace(" ", "") in page_text, item
        assert item["name"] in contents_text
    assert "交通运输行政执法案卷" in reader.pages[0].extract_text()
    every = Document.objects.filter(case_id=cid).count()
    with zipfile.ZipFile(io.BytesIO(bytes(cf.zip))) as z:
        names = z.namelist()
    assert len(names) == every and all(n.endswith(".docx") for n in names)
    assert IssuedDocument.objects.filter(case_id=cid).count() == every  # all issued at archive
    meta = dcall(api, people.head, "get", f"/cases/{cid}/case-file")
    assert meta["pages"] == cf.pages and meta["contents"] == cf.contents


def test_a_case_file_deferred_at_archive_is_made_on_first_download(
    api, world, people, law, doc_settings
):
    # given a closed case archived while case files are deferred (the demo's bulk load)
    from zhifa.documents.receivers import case_files_deferred

    cid = decided_case(api, people)
    with case_files_deferred():
        archive(api, people, cid)
    assert not CaseFile.objects.filter(case_id=cid).exists()
    # the case page's panel still offers the download
    api.client.force_login(people.o1.user)
    assert "dl-case-file" in api.client.get(f"/documents/cases/{cid}/").content.decode()

    # when an officer first downloads it, it is made then, by the system as at archive, journaled
    pdf = api.client.get(f"/documents/cases/{cid}/case-file.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    cf = CaseFile.objects.get(case_id=cid)
    entry = JournalEntry.objects.get(event_type="document.case_file_made")
    assert entry.actor_id is None and cf.pdf_digest in entry.payload

    # and a second download, also through the API, serves the same file without making another
    meta = dcall(api, people.head, "get", f"/cases/{cid}/case-file")
    assert meta["pdf_digest"] == cf.pdf_digest and CaseFile.objects.filter(case_id=cid).count() == 1
