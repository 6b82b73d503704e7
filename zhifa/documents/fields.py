"""The fields of a document, filled from the case's own records (reads only).

Every value is a string or a list of rows of strings, so the filled fields are stored with the
issued version (`IssuedDocument.fields`) and the preview shows exactly what was issued.
"""

from __future__ import annotations

from decimal import Decimal

from zhifa.cases import selectors as case_selectors
from zhifa.cases.models import Case, Document, Service
from zhifa.core import paperwork
from zhifa.core.procedure.documents import DOCUMENT_KINDS
from zhifa.core.procedure.rules import NO_PENALTY_GROUNDS, REVIEW_CHECKLIST

from .models import AgencyDocumentSettings

PENALTY_WORDS = {
    "warning": "警告",
    "public_criticism": "通报批评",
    "licence_suspension": "暂扣许可证件",
    "qualification_downgrade": "降低资质等级",
    "licence_revocation": "吊销许可证件",
    "business_restriction": "限制开展生产经营活动",
    "suspend_business": "责令停产停业",
    "closure": "责令关闭",
    "practice_restriction": "限制从业",
    "confiscate_property": "没收非法财物",
}
SOURCE_WORDS = {
    "inspection": "在执法检查中发现",
    "report": "个人、法人或者其他组织举报，经核查属实",
    "transfer": "其他部门移送",
    "assignment": "上级机关交办",
}
SERVICE_WORDS = {
    "direct": "直接送达",
    "left_at_address": "留置送达",
    "electronic": "电子送达",
    "mail": "邮寄送达",
    "entrusted": "委托送达",
    "public_notice": "公告送达",
}
MAX_FACTS = 5000


def settings_of(agency) -> AgencyDocumentSettings:
    row = AgencyDocumentSettings.objects.filter(agency=agency).first()
    return row or AgencyDocumentSettings(agency=agency)


def penalty_text(penalty: dict) -> tuple[str, str, str]:
    """(text, figures, capitals) of a penalty JSON; a fraction of a fen is refused."""
    if not penalty:
        return "", "", ""
    kinds = list(penalty.get("kinds") or [])
    parts, figures, capital = [], "", ""
    for k in kinds:
        if k == "fine":
            fine = paperwork.to_amount(penalty.get("fine") or "0")
            figures, capital = paperwork.figures_yuan(fine), paperwork.capital_yuan(fine)
            parts.append(f"罚款人民币{figures}（大写：{capital}）")
        elif k == "confiscate_gains":
            amount = paperwork.to_amount(penalty.get("confiscation") or "0")
            parts.append(f"没收违法所得人民币{paperwork.figures_yuan(amount)}")
        else:
            parts.append(PENALTY_WORDS.get(k, ""))
    return "；".join(p for p in parts if p), figures, capital


def _officers(case: Case) -> tuple[str, str, str]:
    rows = []
    for co in case_selectors.case_officers(case):
        if co.recused:
            continue
        officer = co.officer
        cert = (
            officer.certificates.order_by("-valid_until").first()
            if hasattr(officer, "certificates")
            else None
        )
        name = officer.user.full_name or officer.user.username
        rows.append((name, cert.number if cert else officer.badge_number))
    names = "、".join(n for n, _ in rows)
    certs = "、".join(c for _, c in rows if c)
    both = "、".join(f"{n}（{c}）" if c else n for n, c in rows)
    return names, certs, both


def _law(provision) -> tuple[str, str]:
    if provision is None:
        return "", ""
    law = f"《{provision.law.name}》"
    # Where the law data does not separate the prohibition from the penalty, the penalty article
    # itself states the conduct it punishes ("违反本办法规定，……的，处……"): cite it for both.
    article = provision.violated_article or provision.article
    return f"{law}{article}", f"{law}{provision.article}"


# Reasons of the discretion engine that are for the officers, not for the party: unverified data,
# the proposed amount and the hearing threshold (the notice's business), example or skipped rows.
INTERNAL_REASONS = {
    "dates_unconfirmed",
    "benchmark_example",
    "benchmark_skipped",
    "benchmark_obsolete",
    "act_version",
    "hearing_large_fine",
    "hearing_confiscation",
    "hearing_measure",
    "exemption_candidate",
}


def _discretion(case: Case) -> str:
    """How the benchmark was applied (APL Art. 34; the decision states it), in the party's terms:
    the benchmark's name, the statute's range, the level and factors; never an internal code."""
    rec = case.recommendation or {}
    labels = {
        str(f.get("name")): str(f.get("label") or "")
        for f in rec.get("missing_facts") or []
        if isinstance(f, dict) and f.get("label")
    }
    lines = []
    for key in ("reasons", "explanation", "trace"):
        for item in rec.get(key) or []:
            if isinstance(item, dict):
                if item.get("code") in INTERNAL_REASONS:
                    continue
                text = str(item.get("text") or item.get("message") or item.get("zh") or "")
            elif isinstance(item, str):
                text = item
            else:
                continue
            if not text or "拟罚款" in text or "拟处" in text:
                continue  # the proposal, not the decision
            text = text.split("；档次")[0]  # "须人工判断": a note to the officer
            for name, label in labels.items():
                text = text.replace(name, label)
            lines.append(text.replace("未提供：", "未认定："))
        if lines:
            break
    bench = rec.get("benchmark") or {}
    if bench.get("document"):
        lines.insert(0, f"适用{bench['document']}")
    elif bench.get("province"):
        lines.insert(0, f"适用{bench['province']}交通运输行政处罚裁量基准")
    return "；".join(x.strip().rstrip("。；") for x in lines if x.strip()) + ("。" if lines else "")


RECORD_KINDS = ("interview_record", "examination_record", "onsite_record", "sampling_voucher")


def _evidence(case: Case) -> list[list[str]]:
    """Evidence items, then the investigation records, which are evidence too (勘验笔录、现场笔录
    are one of the eight kinds: APL Art. 46; TEPP Art. 30)."""
    rows = []
    for e in case.evidence.all().order_by("number"):
        rows.append([str(len(rows) + 1), e.title, e.get_kind_display(), e.description or ""])
    for d in Document.objects.filter(case=case, kind__in=RECORD_KINDS).order_by("id"):
        rows.append(
            [
                str(len(rows) + 1),
                f"{d.name}（{d.number}）",
                "勘验笔录、现场笔录"
                if d.kind in ("examination_record", "onsite_record")
                else "当事人的陈述"
                if d.kind == "interview_record"
                else "物证",
                d.summary or "",
            ]
        )
    return rows


def _services(case: Case, document: Document | None) -> list[list[str]]:
    qs = Service.objects.filter(case=case).select_related("document").order_by("id")
    rows = []
    for s in qs:
        if s.document.kind == "service_receipt":
            continue
        rows.append(
            [
                f"{s.document.name} {s.document.number}",
                s.recipient or "",
                s.address or "",
                paperwork.chinese_date(s.served_on),
                SERVICE_WORDS.get(s.method, s.method),
                "",
            ]
        )
    if not rows and document is not None and document.step_id:
        # served with the documents of the same step (a notice or a decision not yet served)
        for d in Document.objects.filter(step_id=document.step_id).exclude(kind="service_receipt"):
            rows.append([f"{d.name} {d.number}", "", "", "", "", ""])
    return rows


def build_fields(document: Document) -> dict:
    """All fields any form may print, for this document of this case."""
    case = (
        Case.objects.select_related("agency", "party", "provision__law", "lead")
        .prefetch_related("evidence")
        .get(pk=document.case_id)
    )
    cfg = settings_of(case.agency)
    party = case.party
    step = document.step
    names, certs, both = _officers(case)
    breached, penalty_provision = _law(case.provision)
    decision = case_selectors.decision_of(case)
    notice = case_selectors.current_notice(case)
    hearing = case_selectors.current_hearing(case)
    review = case_selectors.latest_review(case)
    deliberation = case_selectors.current_deliberation(case)
    plan = case_selectors.approved_plan(case)

    facts = (case.lead.facts if getattr(case, "lead", None) else "") or ""
    f: dict = {
        # a lead refused filing never gets a case number (TEPP Art. 62): its approval form says so
        "case_number": case.case_number
        or ("（未立案）" if document.kind == "not_filed_approval" else ""),
        "cause": case.provision.conduct if case.provision else "",
        "source": SOURCE_WORDS.get(case.lead.source, "") if getattr(case, "lead", None) else "",
        "received_on": paperwork.chinese_date(case.lead_received_on),
        "filed_on": paperwork.chinese_date(case.filed_on),
        "facts": facts[:MAX_FACTS],
        "violation_date": paperwork.chinese_date(case.violation_date),
        "filing_basis": penalty_provision,
        "provision_breached": breached,
        "penalty_provision": penalty_provision,
        "officer_names": names,
        "certificates": certs,
        "officers": both,
        "recorder": names.split("、")[-1] if names else "",
        "seal_name": cfg.seal_name or case.agency.name,
        "reconsideration_body": cfg.reconsideration_body,
        "court": cfg.court,
        "payment_bank": cfg.payment_bank,
        "payment_account": cfg.payment_account,
        "contact_address": cfg.address,
        "postcode": cfg.postcode,
        "contact_person": cfg.contact_person,
        "contact_phone": cfg.phone,
        "issue_date": paperwork.chinese_date(document.issued_on),
        "step_date": paperwork.chinese_date(step.as_of if step else document.issued_on),
        "summary": document.summary or "",
        "evidence_rows": _evidence(case),
        "discretion_text": _discretion(case),
        "remarks": "",
        "place": "",
        "receiving_body": "",  # written by hand: the police body the case goes to
        "enforcement_attachments": "行政处罚决定书及送达回证、催告书及送达回证、"
        "当事人的意见及催告情况、申请强制执行标的情况",
        "transfer_attachments": "涉嫌犯罪案件调查报告、涉案物品清单、"
        "有关检验报告或者鉴定意见及其他有关涉嫌犯罪的材料",
    }
    if party is not None:
        f.update(
            party_kind=party.kind,
            party_name=party.name,
            party_id_number=party.id_number,
            party_address=party.address,
            party_phone=party.phone,
            party_plate=party.plate,
        )
    proposed = notice.penalty if notice else {}
    f["proposed_penalty"] = penalty_text(proposed)[0]
    if notice is not None:
        if notice.hearing_offered:
            f["hearing_clause"] = (
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证。"
                "要求听证的，应当在收到本通知书之日起五日内提出。"
            )
        else:
            f["hearing_clause"] = "本案不属于《中华人民共和国行政处罚法》第六十三条规定的听证范围。"
    if decision is not None:
        text, figures, capital = penalty_text(decision.penalty)
        f.update(
            penalty_text=text,
            fine_figures=figures,
            fine_capital=capital,
            decision_date=paperwork.chinese_date(decision.decided_on),
        )
        f["outcome_text"] = (
            f"作出行政处罚决定：{text}" if decision.kind == "penalty" else "作出不予行政处罚决定"
        )
        if decision.no_penalty_ground:
            f["no_penalty_ground"] = NO_PENALTY_GROUNDS.get(decision.no_penalty_ground, ("",))[0]
        f["correction_text"] = (
            "立即停止违法行为，并于收到本通知书之日起十五日内改正"
            if decision.correction_required
            else ""
        )
        decision_doc = (
            Document.objects.filter(
                case=case, kind__in=("penalty_decision", "onspot_decision", "no_penalty_decision")
            )
            .order_by("id")
            .first()
        )
        if decision_doc is not None:
            f["decision_number"] = _issued_number(decision_doc) or decision_doc.number
            f["decision_content"] = text
        owed = case_selectors.outstanding(case, document.issued_on)
        if owed and owed > Decimal(0):
            f["outstanding_text"] = (
                f"缴纳罚款及加处罚款共计人民币{paperwork.figures_yuan(owed.quantize(Decimal('0.01')))}"
            )
    if case.procedure == "summary" and decision is not None:
        f["onspot_payment"] = (
            "当场缴纳"
            if case.payments.exists()
            else (
                "自收到本决定书之日起十五日内缴至"
                + (cfg.payment_bank or "＿＿")
                + "（账号："
                + (cfg.payment_account or "＿＿")
                + "）"
            )
        )
    if hearing is not None:
        f.update(
            hearing_date=paperwork.chinese_date(hearing.scheduled_on or hearing.held_on),
            hearing_chair=(hearing.chair.full_name or hearing.chair.username)
            if hearing.chair
            else "",
            hearing_record=hearing.record or "",
            hearing_public="公开举行",
            hearing_place=cfg.address,
        )
    if review is not None:
        f.update(
            review_opinion=review.opinion or ("同意" if review.outcome == "agree" else ""),
            reviewer=(review.reviewer.full_name or review.reviewer.username)
            if review.reviewer
            else "",
            # the items reviewed, in the words of TEPP Art. 72 (never the internal keys)
            review_checklist="；".join(
                REVIEW_CHECKLIST.get(k, "") for k in review.checklist or [] if k in REVIEW_CHECKLIST
            ),
        )
    if deliberation is not None:
        f.update(
            attendees="、".join(deliberation.attendees or []),
            opinions="；".join(str(o) for o in deliberation.opinions or []),
            resolution=deliberation.get_resolution_display() if deliberation.resolution else "",
        )
    if plan is not None:
        word = "暂缓缴纳" if plan.kind == "deferral" else "分期缴纳"
        f["plan_text"] = f"同意你（单位）{word}罚款，最后期限为{paperwork.chinese_date(plan.end)}"
        f["plan_rows"] = [
            [str(i + 1), str(x.get("due", "")), str(x.get("amount", ""))]
            for i, x in enumerate(plan.instalments or [])
        ]
    if document.kind == "not_filed_approval" and not f["summary"]:
        lead = getattr(case, "lead", None)
        reason = getattr(lead, "not_filed_reason", "") if lead is not None else ""
        f["summary"] = f"线索内容：{lead.facts}\n不予立案理由：{reason}" if lead is not None else ""
    if document.kind == "closing_report":
        f["closing_summary"] = document.summary or f.get("summary", "") or _performed(case, f)
    f["service_rows"] = _services(case, document)
    f["served_documents"] = "、".join(r[0] for r in f["service_rows"])
    _measure_fields(case, f)
    return f


def _performed(case: Case, f: dict) -> str:
    """How the decision was carried out, when the closing step recorded no words (TEPP Art. 122):
    from the payments on record."""
    paid = sum((p.amount for p in case.payments.all()), Decimal(0))
    if paid > 0 and not f.get("outstanding_text"):
        return f"当事人已缴纳罚款人民币{paperwork.figures_yuan(paid)}，行政处罚决定已履行完毕"
    if f.get("no_penalty_ground"):
        return "作出不予行政处罚决定，无需执行"
    return ""


def _issued_number(document: Document) -> str:
    v = document.issued_versions.filter(status="current").first()
    return v.number if v else ""


def _measure_fields(case: Case, f: dict) -> None:
    try:
        from zhifa.measures.models import CompulsoryMeasure, EvidencePreservation
    except ImportError:  # pragma: no cover - measures is installed with cases
        return
    m = CompulsoryMeasure.objects.filter(case=case).order_by("-id").first()
    if m is not None:
        f.update(
            measure_text=f"{m.get_kind_display()}：{m.items_summary}（期限至{paperwork.chinese_date(m.due)}）",
            measure_basis=f"{m.basis_law}{m.basis_article}",
            measure_date=paperwork.chinese_date(m.executed_at.date() if m.executed_at else None),
            measure_number=m.decision_number or "",
            measure_until=paperwork.chinese_date(m.due),
        )
        f.setdefault("item_rows", [["1", m.items_summary, "", "", m.place]])
    p = EvidencePreservation.objects.filter(case=case).order_by("-id").first()
    if p is not None:
        f.update(
            preservation_date=paperwork.chinese_date(p.started_at.date() if p.started_at else None),
            preservation_number=p.list_number or "",
        )
        f["item_rows"] = [["1", p.items_summary, "", "", p.place]]


def document_title(kind: str) -> str:
    return DOCUMENT_KINDS[kind].name
