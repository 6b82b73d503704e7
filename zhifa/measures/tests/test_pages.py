"""The pages: a case's measures and property with Chinese forms, the ledger, one item's history."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from zhifa.measures import services
from zhifa.measures.choices import MeasureState, PreservationState
from zhifa.measures.models import CaseProperty, CompulsoryMeasure, EvidencePreservation

from .conftest import ITEMS, at

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_case_page_shows_forms_by_role(login, case, people):
    url = f"/measures/cases/{case.pk}/"
    response, html = page(login(people.o1.user), url)
    assert response.status_code == 200
    assert "申请先行登记保存" in html and "申请实施查封、扣押" in html
    response, html = page(login(people.head), url)
    assert response.status_code == 200 and "申请先行登记保存" not in html
    response, _ = page(login(people.other_head), url)
    assert response.status_code == 404


def test_officer_requests_and_head_approves_through_the_page(login, case, people):
    # given
    client = login(people.o1.user)
    # when the officer asks for a preservation
    response = client.post(
        f"/measures/act/preservation_request/{case.pk}/",
        {"reason": "货物可能被转移", "items_summary": "钢材", "place": "收费站"},
        follow=True,
    )
    # then it waits for the head, and the page says so in Chinese
    p = EvidencePreservation.objects.get()
    assert p.state == PreservationState.PENDING
    assert "等待执法部门负责人审批" in response.content.decode()
    # when the head approves on the page
    login(people.head).post(f"/measures/act/preservation_approval/{p.pk}/", {"approve": "1"})
    p.refresh_from_db()
    assert p.state == PreservationState.APPROVED
    # and the officer counts the items, one a line
    response = login(people.o1.user).post(
        f"/measures/act/preservation_start/{p.pk}/",
        {"items": "钢材，31.5，吨，停车场\n活鱼，20，千克，易腐", "party_signed": "on"},
        follow=True,
    )
    p.refresh_from_db()
    assert p.state == PreservationState.ACTIVE, response.content.decode()
    assert list(p.items.order_by("seq").values_list("description", "perishable")) == [
        ("钢材", False),
        ("活鱼", True),
    ]


def test_refusals_are_shown_not_raised(login, case, people):
    client = login(people.o1.user)
    response = client.post(
        f"/measures/act/measure_request/{case.pk}/",
        {
            "kind": "seize",
            "basis_law": "",
            "basis_article": "",
            "reason": "x",
            "items_summary": "车",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "须有法律、法规依据" in response.content.decode()
    assert not CompulsoryMeasure.objects.exists()


def test_bad_item_lines_are_explained(login, case, people):
    response = login(people.o1.user).post(
        f"/measures/act/property_register/{case.pk}/", {"items": "只有名称"}, follow=True
    )
    assert "物品清单每行应为" in response.content.decode()
    assert not CaseProperty.objects.exists()


def test_unknown_action_and_out_of_scope_are_404(login, case, people):
    assert login(people.o1.user).post(f"/measures/act/burn/{case.pk}/", {}).status_code == 404
    response = login(people.other_head).post(
        f"/measures/act/preservation_request/{case.pk}/", {"reason": "x", "items_summary": "y"}
    )
    assert response.status_code == 404


def test_item_page_shows_its_history(login, case, people):
    item = services.register_property(
        case, actor=people.o1.user, items=ITEMS[:1], taken_at=at("2026-09-29 10:00")
    )[0]
    client = login(people.o1.user)
    response = client.post(
        f"/measures/act/property_handover/{item.pk}/",
        {"custodian": people.custodian.pk, "location": "涉案财物库"},
        follow=True,
    )
    assert "已移交涉案财物管理人员保管" in response.content.decode()
    response, html = page(client, f"/measures/property/{item.pk}/")
    assert response.status_code == 200
    assert 'data-event="property.registered"' in html
    assert 'data-event="property.handed_over"' in html
    assert "涉案财物管理人员保管" in html
    assert 'class="badge bad">逾期' in html  # handed over in November, due on 30 September
    assert page(login(people.other_head), f"/measures/property/{item.pk}/")[0].status_code == 404


def test_ledger_lists_and_filters(login, case, people):
    services.register_property(case, actor=people.o1.user, items=ITEMS)
    response, html = page(login(people.head), "/measures/property/?custody=held_by_officer")
    assert response.status_code == 200 and "共 2 件" in html
    _, html = page(login(people.head), "/measures/property/?custody=disposed")
    assert "暂无" in html
    _, html = page(login(people.other_head), "/measures/property/")
    assert "暂无" in html


def test_head_releases_a_measure_on_the_page(login, case, people):
    from .conftest import attach_video

    m = services.request_measure(
        case,
        actor=people.o1.user,
        kind="seal",
        basis_law="《公路安全保护条例》",
        basis_article="第七十二条",
        reason="x",
        items_summary="仓库",
    )
    services.decide_measure_approval(m, actor=people.head, approve=True)
    attach_video(case, people.o1, ref=m, when=timezone.now())
    services.execute_measure(m, actor=people.o1.user, items=ITEMS[:1], party_signed=True)
    response = login(people.head).post(
        f"/measures/act/measure_release/{m.pk}/",
        {"ground": "no_violation", "reason": "复核无违法"},
        follow=True,
    )
    assert "已解除行政强制措施" in response.content.decode()
    m.refresh_from_db()
    assert m.state == MeasureState.RELEASED


def test_case_panel_for_the_case_page(case, people):
    p = services.request_preservation(case, actor=people.o1.user, reason="x", items_summary="y")
    services.decide_preservation_approval(p, actor=people.head, approve=True)
    services.start_preservation(p, actor=people.o1.user, items=ITEMS, party_signed=True)
    request = RequestFactory().get("/")
    request.user = people.o1.user
    html = Template("{% load measures_tags %}{% measures_panel case %}").render(
        Context({"request": request, "case": case})
    )
    assert "1 项措施未解除或未处理" in html and "2 件待移交保管" in html


def test_subject_links_lead_to_the_case_page(login, case, people):
    p = services.request_preservation(case, actor=people.o1.user, reason="x", items_summary="y")
    response = login(people.o2.user).get(f"/measures/preservations/{p.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/measures/cases/{case.pk}/#preservation-{p.pk}"
    assert login(people.other_head).get(f"/measures/preservations/{p.pk}/").status_code == 404
    m = services.request_measure(
        case,
        actor=people.o1.user,
        kind="seal",
        basis_law="《公路法》",
        basis_article="第八十五条",
        reason="x",
        items_summary="y",
    )
    response = login(people.o2.user).get(f"/measures/measures/{m.pk}/")
    assert response["Location"] == f"/measures/cases/{case.pk}/#measure-{m.pk}"


def test_page_carries_a_preservation_over_into_the_seizure(login, case, people):
    # issue 9, defect 14 on the page: the preserved items pass to the seizure with their numbers
    from datetime import date

    from zhifa.measures.tests.conftest import attach_video
    from zhifa.measures.tests.test_measures import requested
    from zhifa.measures.tests.test_preservation import started

    p = started(case, people)
    preserved = list(CaseProperty.objects.filter(case=case).order_by("id"))
    m = services.decide_measure_approval(
        requested(case, people, when="2026-09-30 08:00"),
        actor=people.head,
        approve=True,
        at=at("2026-09-30 09:00"),
    )
    attach_video(case, people.o1, ref=m, when=at("2026-09-30 10:00"))
    client = login(people.o1.user)
    url = f"/measures/act/measure_execute/{m.pk}/"
    form = {"party_signed": "on", "executed_at": "2026-09-30T10:00"}
    # not offered (and refused) before the preservation is decided as a seizure
    _, html = page(client, f"/measures/cases/{case.pk}/")
    assert f'<option value="{p.pk}"' not in html
    response = client.post(url, {**form, "preservation": str(p.pk)}, follow=True)
    assert "选择一个有效的选项" in response.content.decode()
    services.decide_preservation(p, actor=people.head, outcome="seizure", as_of=date(2026, 9, 30))
    _, html = page(client, f"/measures/cases/{case.pk}/")
    assert f'<option value="{p.pk}"' in html and "转入先行登记保存" in html
    # both the preservation and a list: refused in Chinese, nothing registered twice
    response = client.post(
        url, {**form, "preservation": str(p.pk), "items": "钢材，1，吨"}, follow=True
    )
    assert "请勿再填写物品清单" in response.content.decode()
    m.refresh_from_db()
    assert m.state == MeasureState.APPROVED
    # the preservation alone: the measure runs and the same ledger rows now belong to it
    response = client.post(url, {**form, "preservation": str(p.pk)}, follow=True)
    m.refresh_from_db()
    assert m.state == MeasureState.ACTIVE, response.content.decode()
    items = list(CaseProperty.objects.filter(case=case).order_by("id"))
    assert [i.pk for i in items] == [i.pk for i in preserved]
    assert {i.measure_id for i in items} == {m.pk}
    _, html = page(client, f"/measures/cases/{case.pk}/")
    assert f'<option value="{p.pk}"' not in html  # carried over once
