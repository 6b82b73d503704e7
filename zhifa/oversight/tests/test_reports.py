"""Item 9: a province's report to the ministry with its figures, downloaded as DOCX and XLSX (opened
here and read back), exemplary cases masked and approved before use, the ministry's view."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from zhifa import testing
from zhifa.cases.models import Party
from zhifa.core import report_periods
from zhifa.core.errors import DomainError
from zhifa.notifications.models import Notification
from zhifa.oversight import services
from zhifa.oversight.choices import CheckKind, SourceKind
from zhifa.oversight.models import MinistryReport
from zhifa.oversight.tests.conftest import decided


@pytest.fixture
def period():
    return report_periods.parse(f"{timezone.localdate().year}")


@pytest.fixture
def recorded(world, people, provision):
    """Two cases (one decided for a named person), a check with two findings, a rectification and
    an approved exemplary case in Zhejiang; a Sichuan case that must not be counted."""
    party = Party.objects.create(
        kind="person", name="张三丰", id_number="330102199001011234", agency=world.hangzhou
    )
    case = decided(world.hangzhou, provision, "7000", party=party)
    case.lead_received_on = timezone.localdate().replace(month=1, day=2)
    case.save(update_fields=["lead_received_on"])
    other = decided(world.ningbo, provision, "6000")
    other.lead_received_on = case.lead_received_on
    other.state = "served"
    other.save(update_fields=["lead_received_on", "state"])
    far = decided(world.chengdu, provision, "6000")
    far.lead_received_on = case.lead_received_on
    far.save(update_fields=["lead_received_on"])
    check = services.record_check(
        agency=world.hangzhou,
        kind=CheckKind.SCHEDULED,
        title="年度执法检查",
        checked_on=timezone.localdate(),
        findings=["案卷归档不及时", "未按规定告知陈述申辩权利"],
        actor=people.zj_supervisor,
    )
    services.open_rectification(
        agency=world.hangzhou,
        title="案卷归档不及时",
        source_kind=SourceKind.CHECK_FINDING,
        owner=None,
        due=timezone.localdate() + timedelta(days=30),
        actor=people.zj_supervisor,
        finding=check.findings.first(),
    )
    ex = services.propose_exemplary(
        case, title="无证经营道路货运案", lesson="依法规范裁量", actor=people.zj_supervisor
    )
    second = testing.make_user(world.zhejiang, roles=("supervisor",), full_name="省审核员")
    with pytest.raises(DomainError) as exc:  # four eyes: not by the proposer
        services.approve_exemplary(ex, actor=people.zj_supervisor)
    assert exc.value.code == "exemplary_four_eyes"
    services.approve_exemplary(ex, actor=second)
    return case


def test_exemplary_text_is_masked_by_the_portal_policy(recorded):
    from zhifa.oversight.models import ExemplaryCase

    text = ExemplaryCase.objects.get().text
    assert "张某某" in text and "张三丰" not in text and "330102" not in text
    assert "未取得道路运输经营许可" in text


def test_a_report_downloads_as_docx_and_xlsx_with_its_figures(
    world, people, recorded, period, login
):
    client = login(people.zj_supervisor)
    r = client.post("/oversight/reports/", {"period": period.code})
    assert r.status_code == 302
    report = MinistryReport.objects.get()
    f = report.figures
    assert f["cases"]["total"] == 2  # Sichuan's case is not Zhejiang's
    assert dict(f["cases"]["by_state"]) == {"已作出行政处罚决定": 1, "决定书已送达": 1}
    assert [p["text"] for p in f["problems"]] == ["案卷归档不及时", "未按规定告知陈述申辩权利"]
    assert [x["state"] for x in f["rectifications"]["items"]] == ["整改中"]
    assert [e["title"] for e in f["exemplary"]] == ["无证经营道路货运案"]

    r = client.get(f"/oversight/reports/{report.pk}.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    for t in doc.tables:
        text += "\n" + "\n".join(c.text for row in t.rows for c in row.cells)
    assert f"{period.label}交通运输行政执法监督情况报告" in text
    assert "受理案件线索2件" in text
    assert "未按规定告知陈述申辩权利" in text and "无证经营道路货运案" in text
    assert "张三丰" not in text

    r = client.get(f"/oversight/reports/{report.pk}.xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    rows = {row[0]: row[1] for row in wb["执法基本情况"].iter_rows(values_only=True) if row}
    assert (
        rows["受理案件线索"] == 2 and rows["已作出行政处罚决定"] == 1 and rows["决定书已送达"] == 1
    )
    problems = list(wb["督查发现问题"].iter_rows(values_only=True))
    assert problems[0][0] == "被检查单位" and len(problems) == 3
    assert list(wb["整改情况"].iter_rows(values_only=True))[1][1] == "案卷归档不及时"
    assert client.get(f"/oversight/reports/{report.pk}.pdf").status_code == 404


def test_submission_and_the_ministry_view(world, people, recorded, period, login):
    client = login(people.zj_supervisor)
    client.post("/oversight/reports/", {"period": period.code})
    report = MinistryReport.objects.get()
    client.post(f"/oversight/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.state == "submitted"
    assert Notification.objects.filter(user=people.mot_supervisor).exists()
    r = client.post("/oversight/reports/", {"period": period.code})  # no remake once submitted
    assert r.status_code == 409
    page = login(people.mot_supervisor).get("/oversight/reports/").content.decode()
    assert "各省报送情况" in page and "已报部" in page and "未报送" in page  # Sichuan did not
    assert login(people.sc_supervisor).get(f"/oversight/reports/{report.pk}/").status_code == 404
    assert login(people.hz_head).get(f"/oversight/reports/{report.pk}.docx").status_code == 404


@pytest.mark.parametrize("value", ["", "2026-13", "去年", "2026-Q9"])
def test_a_bad_period_is_refused(people, value, login):
    r = login(people.zj_supervisor).post("/oversight/reports/", {"period": value})
    assert r.status_code == 422 and "报告期格式有误" in r.content.decode()
    assert not MinistryReport.objects.exists()


def test_only_a_province_generates(people, period, world):
    with pytest.raises(DomainError):
        services.generate_report(province=world.zhejiang, period=period, actor=people.hz_head)
    with pytest.raises(DomainError):
        services.generate_report(province=world.zhejiang, period=period, actor=people.sc_supervisor)
