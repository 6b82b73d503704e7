import pytest

from zhifa import testing
from zhifa.officers import services as officers


@pytest.fixture
def head(world):
    return testing.make_user(world.hangzhou, roles=("agency_head", "officer"))


def test_login_page_is_chinese_and_serves_local_assets(client, db):
    page = client.get("/login/").content.decode()
    assert "登录" in page
    assert "/static/zhifa/vendor/htmx-2.0.11.min.js" in page
    assert "http://" not in page.replace("http://testserver", "")
    assert client.get("/static/zhifa/vendor/htmx-2.0.11.min.js").status_code == 200


def test_english_is_available(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/").content.decode()
    assert "Sign in" in page


def test_home_shows_agency_tree_and_officer_status(world, login, head):
    # given: one fit officer and one suspended
    fit = testing.make_officer(world.hangzhou, full_name="王执法")
    suspended = testing.make_officer(world.hangzhou, full_name="李暂停")
    officers.suspend_officer(suspended, reason="考核不合格", starts_on=fit.created_at.date())
    province_head = testing.make_user(world.zhejiang, roles=("supervisor",))
    # when
    # (the home page is the to-do list now; the agency page keeps the tree and the officers)
    page = login(province_head).get(f"/agencies/{world.zhejiang.pk}/").content.decode()
    hangzhou = login(head).get(f"/agencies/{world.hangzhou.pk}/").content.decode()
    # then
    assert "浙江省交通运输厅" in page and "杭州市交通运输综合行政执法支队" in page
    assert "王执法" in hangzhou and "可以执法" in hangzhou
    assert "李暂停" in hangzhou and "暂停执法" in hangzhou


def test_tree_partial_and_search(world, login):
    client = login(testing.make_user(world.ministry, roles=("supervisor",)))
    children = client.get(f"/agencies/{world.zhejiang.pk}/children/").content.decode()
    assert "杭州市" in children and "宁波市" in children and "成都市" not in children
    found = client.get("/agencies/search/", {"q": "宁波"}).content.decode()
    assert "宁波市交通运输综合行政执法支队" in found and "杭州" not in found


def test_unknown_api_path_is_json(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_chinese_even_for_an_english_browser_until_english_is_chosen(client, db):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page and "Sign in" not in page


def top_level_entries(html: str) -> list[str]:
    """The top bar's entries: the links directly in the menu bar and the menus (their summaries)."""
    from html.parser import HTMLParser

    class Nav(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.inside, self.entries, self.text = 0, False, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "nav" and ("id", "mainnav") in attrs:
                self.inside, self.depth = True, 0
            elif self.inside:
                if self.depth == 0 and tag in ("a", "details"):
                    self.text = ""
                self.depth += tag not in ("input", "br")

        def handle_endtag(self, tag):
            if not self.inside:
                return
            if tag == "nav":
                self.inside = False
                return
            self.depth -= 1
            if self.depth == 0 and self.text is not None:
                self.entries.append(" ".join(self.text.split()))
                self.text = None

        def handle_data(self, data):
            if self.text is not None and (self.depth == 1 or "summary" in (self.lasttag or "")):
                self.text += data

    nav = Nav()
    nav.feed(html)
    return nav.entries


@pytest.mark.parametrize(
    "roles",
    [("officer",), ("legal_reviewer",), ("agency_head", "officer"), ("supervisor",)],
)
def test_no_role_sees_more_than_eight_entries_in_the_top_bar(world, login, roles):
    agency = world.zhejiang if roles == ("supervisor",) else world.hangzhou
    html = login(testing.make_user(agency, roles=roles)).get("/").content.decode()
    entries = top_level_entries(html)
    assert 5 <= len(entries) <= 8, entries
    # supervision sits under one menu (执法监督) for those who supervise
    if "agency_head" in roles or "supervisor" in roles:
        assert any(e.startswith("执法监督") for e in entries), entries
        assert "监督指标" not in entries and "评议考核" not in entries
        assert 'href="/indicators/"' in html and 'href="/evaluation/"' in html
