"""The public form is hostile ground (issue 12 item 6): CSRF, rate limits per address and per
phone, an offline captcha, size limits, validated fields; hostile input gets a clear Chinese error
and nothing is stored. Also the status page by tracking code, the evaluation card and the API."""

import re

import pytest
from django.test import Client

from zhifa.apitokens import services as tokens
from zhifa.complaints import guard
from zhifa.complaints.errors import CaptchaFailed
from zhifa.complaints.models import Complaint, EvaluationCard

URL = "/gongshi/complaints/"


def _form(client, **over):
    page = client.get(URL).content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
    question = re.search(r"验证题：(.)加(.)等于几", page)
    digits = "零一二三四五六七八九十"
    answer = digits.index(question.group(1)) + digits.index(question.group(2))
    data = {
        "agency": "",
        "category": "complaint",
        "subject_type": "operator",
        "content": "杭州东站出租车拒载，车牌浙A12345。",
        "phone": "139-1234-5678",
        "captcha": str(answer),
        "captcha_token": token,
    }
    data.update(over)
    return client.post(URL, data)


@pytest.fixture
def hz(world, zj):
    return str(world.hangzhou.pk)


def test_a_complaint_from_the_portal_gets_a_tracking_code(client, hz):
    r = _form(client, agency=hz)
    assert r.status_code == 200, r.content.decode()
    c = Complaint.objects.get()
    assert c.channel == "web" and c.phone == "13912345678"
    assert c.tracking_code in r.content.decode()
    status = client.get(f"/gongshi/complaints/status/?code={c.tracking_code.lower()}")
    assert "已受理" in status.content.decode() and "13912345678" not in status.content.decode()
    assert client.get("/gongshi/complaints/status/?code=ZZZZZZZZZZ").status_code == 422


def test_csrf_is_enforced(hz):
    strict = Client(enforce_csrf_checks=True)
    r = strict.post(URL, {"agency": hz, "content": "x" * 20, "phone": "13912345678"})
    assert r.status_code == 403
    assert not Complaint.objects.exists()


def test_the_captcha_is_checked_and_used_once(client, hz):
    assert "验证题答案不正确" in _form(client, agency=hz, captcha="99").content.decode()
    page = client.get(URL).content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
    with pytest.raises(CaptchaFailed):
        guard.check_captcha(token + "x", "3")
    assert not Complaint.objects.exists()


HOSTILE = [
    ("<script>alert(1)</script>投诉出租车拒载", "网页标记"),
    ("出租车拒载<img src=x onerror=alert(1)>", "网页标记"),
    ("x" * 2001, "不能超过 2000 个字"),
    ("短", "过短"),
    ("投诉\u202e拒载的出租车", "不允许"),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE)
def test_hostile_content_is_refused_in_chinese_and_nothing_stored(client, hz, content, message):
    r = _form(client, agency=hz, content=content)
    assert r.status_code in (400, 422)
    assert message in r.content.decode()
    assert "<script>alert" not in r.content.decode()
    assert not Complaint.objects.exists()


def test_sql_looking_text_is_stored_as_text(client, hz):
    text = "'; DROP TABLE complaints_complaint; -- 出租车拒载"
    assert _form(client, agency=hz, content=text).status_code == 200
    assert Complaint.objects.get().content == text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "联系电话应为11位手机号码"),
        ("phone", "1391234567８' OR 1=1", "联系电话"),
        ("agency", "999999999", "请选择向哪个执法机构反映"),
        ("agency", "abc", "请选择向哪个执法机构反映"),
        ("category", "spam", "请选择诉求类别"),
        ("occurred_on", "2026-13-45", "事发日期格式有误"),
        ("name", "张" * 51, "姓名不能超过"),
    ],
)
def test_every_field_is_validated(client, hz, field, value, message):
    data = {"agency": hz, field: value}
    r = _form(client, **data)
    assert message in r.content.decode()
    assert not Complaint.objects.exists()


def test_rate_limits_per_address_and_per_phone(client, hz, settings):
    settings.ZHIFA_COMPLAINT_RATE_PER_PHONE_DAY = 2
    for n in range(2):
        _form(client, agency=hz, content=f"第{n}次反映：出租车在不同地点拒载{n}号。")
    r = _form(client, agency=hz, content="第三次反映：另一处的问题需要处理。")
    assert r.status_code == 429 and "该联系电话今日提交次数已达上限" in r.content.decode()
    settings.ZHIFA_COMPLAINT_RATE_PER_ADDRESS_HOUR = 3
    r = _form(client, agency=hz, phone="13812345678", content="换个号码再次提交的内容。")
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Complaint.objects.count() == 2


def test_no_inline_script_on_public_pages(client, hz):
    for url in (URL, "/gongshi/complaints/status/", "/gongshi/complaints/card/"):
        html = client.get(url).content.decode()
        assert "<script" not in html and " on" + "click=" not in html
        assert (
            "no-store" in client.get(url)["Cache-Control"]
            or "max-age=0" in client.get(url)["Cache-Control"]
        )


def test_the_evaluation_card_needs_a_real_code_and_rates_once(client, world, zj, monkeypatch):
    class Issued:
        code = "ABCDEFGHJKMN"
        agency = world.hangzhou

    monkeypatch.setattr(
        "zhifa.documents.selectors.by_code", lambda code: Issued if code == Issued.code else None
    )
    scores = {"conduct": "5", "legality": "4", "attitude": "5", "comment": "态度好"}
    r = client.post("/gongshi/complaints/card/", {"code": "NOPE", **scores})
    assert "未查到该核验码" in r.content.decode()
    assert (
        client.post("/gongshi/complaints/card/", {"code": Issued.code, **scores}).status_code == 200
    )
    again = client.post("/gongshi/complaints/card/", {"code": Issued.code, **scores})
    assert again.status_code == 409 and "只能评议一次" in again.content.decode()
    bad = client.post("/gongshi/complaints/card/", {"code": Issued.code, **scores, "conduct": "9"})
    assert bad.status_code in (409, 422)
    assert EvaluationCard.objects.get().conduct == 5


def test_a_12328_system_posts_work_orders_with_its_token(client, world, zj):
    issued = tokens.create_token(
        name="浙江12328热线系统", agency=world.zhejiang, permissions=["complaints:write"]
    )
    reader = tokens.create_token(name="只读", agency=world.zhejiang, permissions=["cases:read"])
    body = {
        "category": "complaint",
        "content": "高速服务区加油站乱收费。",
        "phone": "13912345678",
        "external_id": "ZJ12328-0001",
    }
    auth = {"Authorization": f"Bearer {issued.secret}"}
    r = client.post("/api/v1/complaints", body, content_type="application/json", headers=auth)
    assert r.status_code == 201, r.content
    assert r.json()["tracking_code"] and r.json()["agency_id"] == world.zhejiang.pk
    again = client.post("/api/v1/complaints", body, content_type="application/json", headers=auth)
    assert again.status_code == 422 and again.json()["code"] == "duplicate_external_id"
    other = client.post(
        "/api/v1/complaints",
        {**body, "external_id": "2", "agency_id": world.chengdu.pk},
        content_type="application/json",
        headers=auth,
    )
    assert other.status_code == 404  # outside the token's scope
    refused = client.post(
        "/api/v1/complaints",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {reader.secret}"},
    )
    assert refused.status_code == 403
    assert Complaint.objects.count() == 1
