"""The dashboard page, its drill-down links, the JSON for the charts and the Excel export."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from zhifa import testing

from .test_rollups import built  # noqa: F401 -- the three cases


def test_dashboard_shows_figures_and_links(built, world, people, client):  # noqa: F811
    supervisor = testing.make_user(world.zhejiang, roles=("supervisor",))
    client.force_login(supervisor)
    page = client.get("/indicators/", {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    # the Hangzhou line links down the tree, its figures link to their cases
    assert f"?agency={world.hangzhou.pk}&amp;year=2026" in html
    drill = reverse("indicators:drill", args=["first_violation_rate"])
    assert f'{drill}?agency={world.hangzhou.pk}&amp;year=2026">50.0<' in html
    # each indicator with its definition and its article as Chinese law cites it
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in html
    assert "None" not in html and "True" not in html
    # no inline script: the chart figures travel in a JSON data block
    assert 'type="application/json"' in html and "onclick" not in html
    # the cases behind the figure
    listed = client.get(drill, {"agency": world.hangzhou.pk, "year": 2026})
    assert listed.status_code == 200
    assert reverse("cases:detail", args=[built.b]) in listed.content.decode()
    assert reverse("cases:detail", args=[built.a]) not in listed.content.decode()


def test_chart_data_and_excel(built, world, people, client):  # noqa: F811
    client.force_login(people.head)
    data = client.get("/indicators/data.json", {"year": 2026}).json()
    assert data["agencies"] == [world.hangzhou.name] and data["cases"] == [3]
    assert {m["month"]: m["cases"] for m in data["monthly"]} == {7: 1, 9: 2}
    response = client.get("/indicators/export.xlsx", {"year": 2026})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    sheet = wb["指标"]
    head = [c.value for c in sheet[2]]
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[0] == "合计"
    assert total[head.index("案件数（件）")] == 3
    assert total[head.index("首违不罚适用率（%）")] == 50.0
    assert "行政处罚法" in " ".join(str(c.value) for c in wb["指标说明"]["C"])


def test_bad_period_and_officer_refused(world, people, client):
    client.force_login(people.head)
    assert client.get("/indicators/", {"year": "abc"}).status_code == 422
    assert client.get("/indicators/cases/nonsense/").status_code == 422
    client.force_login(people.o1.user)
    assert client.get("/indicators/").status_code == 403
