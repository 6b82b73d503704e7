"""Referral and exemplary-case pages: what a supervisor does there, and who may not."""

from django.utils import timezone

from zhifa import testing
from zhifa.oversight.models import AccountabilityReferral, ExemplaryCase
from zhifa.oversight.tests.conftest import decided


def test_referral_by_page(world, people, login):
    client = login(people.zj_supervisor)
    today = timezone.localdate().isoformat()
    r = client.post(
        "/oversight/referrals/new/",
        {
            "agency": world.hangzhou.pk,
            "person": "某科长",
            "body": "市纪委监委派驻纪检监察组",
            "reason": "拒不整改",
            "referred_on": today,
        },
    )
    assert r.status_code == 302
    ref = AccountabilityReferral.objects.get()
    url = f"/oversight/referrals/{ref.pk}/"
    assert "记录处理结果" in client.get(url).content.decode()
    client.post(url, {"outcome": "诫勉谈话", "outcome_on": today})
    ref.refresh_from_db()
    assert ref.state == "concluded"
    assert login(people.nb_head).get(url).status_code == 404


def test_exemplary_by_page(world, people, provision, login):
    case = decided(world.hangzhou, provision, "7000")
    client = login(people.zj_supervisor)
    r = client.post(
        "/oversight/exemplary/",
        {"action": "propose", "case_number": case.case_number, "title": "规范裁量案"},
    )
    assert r.status_code == 302
    ex = ExemplaryCase.objects.get()
    # the proposer may not approve; another provincial supervisor does
    r = client.post("/oversight/exemplary/", {"action": "approve", "id": ex.pk})
    assert r.status_code == 403 and "推荐人不能审核" in r.content.decode()
    other = testing.make_user(world.zhejiang, roles=("supervisor",))
    login(other).post("/oversight/exemplary/", {"action": "approve", "id": ex.pk})
    ex.refresh_from_db()
    assert ex.state == "approved"
    # a case outside the scope cannot be proposed
    far = decided(world.chengdu, provision, "7000")
    r = login(people.zj_supervisor).post(
        "/oversight/exemplary/",
        {"action": "propose", "case_number": far.case_number, "title": "外省"},
    )
    assert r.status_code == 422 and ExemplaryCase.objects.count() == 1
