"""Remedies against a decision (救济, legal.md §H) end to end: a reconsideration registered on a
decided case, its outcome, what a revocation does (publication withdrawal opened, the head's to-do,
the follow-up), the journal, the refusals with their codes, the case page's 救济 panel, and the
indicators' outcome counters."""

from datetime import date

import pytest

from zhifa.cases.models import Case, Payment, RemedyPeriod
from zhifa.cases.tests.helpers import Api, deadline
from zhifa.disclosure.models import Disclosure
from zhifa.disclosure.tests.test_publication import decided
from zhifa.indicators.models import CaseFact
from zhifa.records.models import JournalEntry
from zhifa.workbench.selectors import workbench_for

D = date
PATH = "/{cid}/remedy-proceedings"


@pytest.fixture
def api(client):
    return Api(client)


def _file(api, user, cid, *, status=200, **data):
    body = {
        "kind": "reconsideration",
        "started_on": D(2026, 6, 20),
        "body": "杭州市人民政府",
        "reference": "杭政复〔2026〕12号",
        "as_of": D(2026, 6, 20),
        **data,
    }
    return api.post(user, PATH.format(cid=cid), body, status=status)


def _remedy_group(user):
    groups = {g.key: g for g in workbench_for(user, today=D(2026, 7, 1)).groups}
    return groups.get("remedies")


def test_revoked_on_reconsideration(api, client, world, people, law):
    o1, head = people.o1.user, people.head
    cid = decided(api, people)
    api.step(o1, cid, "publication", D(2026, 6, 12))
    Payment.objects.create(case_id=cid, paid_on=D(2026, 6, 15), amount=1000)

    filed = _file(api, o1, cid)
    assert filed["pending"] and filed["kind_label"] == "行政复议" and filed["outcome"] == ""
    rid = filed["id"]
    # the head's to-do: waiting for the outcome
    group = _remedy_group(head)
    assert group.count == 1 and "行政复议待登记结果" in group.items[0].title
    assert group.items[0].url.endswith(f"#remedy-{rid}")
    # one at a time (ARL Art. 29)
    refused = _file(api, o1, cid, kind="litigation", status=422)
    assert refused["code"] == "remedy_already_pending"
    assert CaseFact.objects.get(case_id=cid).remedied == 1

    out = api.post(
        o1,
        f"{PATH.format(cid=cid)}/{rid}/outcome",
        {
            "outcome": "revoked",
            "decided_on": D(2026, 8, 10),
            "reference": "杭政复决〔2026〕12号",
            "as_of": D(2026, 8, 11),
        },
    )
    assert out["outcome_label"] == "撤销" and out["reversing"] and not out["pending"]
    assert out["follow_up_codes"] == ["withdraw_publication", "refund", "redecide"]
    # the publication's withdrawal (APL Art. 48 para 2) runs: 3 working days from the revocation
    d = Disclosure.objects.get(case_id=cid)
    assert d.revoked_on == D(2026, 8, 10) and d.withdrawal_ground == "revoked"
    assert "撤销" in d.withdrawal_reason
    assert deadline(api.case(o1, cid), "A26_withdraw_publication") == "2026-08-13"
    # indicators: concluded, revoked, reversed
    fact = CaseFact.objects.get(case_id=cid)
    assert (fact.remedy_concluded, fact.remedy_revoked, fact.remedy_reversed) == (1, 1, 1)
    assert fact.remedy_upheld == 0
    # the head's to-do is now the correction
    group = _remedy_group(head)
    assert group.count == 1 and "落实纠错" in group.items[0].title
    # only the head records the follow-up
    body = api.post(o1, f"{PATH.format(cid=cid)}/{rid}/follow-up", {"note": "已退还"}, status=403)
    assert body["code"] == "procedure_role_not_allowed"
    done = api.post(
        head,
        f"{PATH.format(cid=cid)}/{rid}/follow-up",
        {"note": "已退还罚款1000元，撤回公示", "as_of": D(2026, 8, 12)},
    )
    assert done["followed_up_on"] == "2026-08-12"
    assert _remedy_group(head) is None or _remedy_group(head).count == 0

    events = list(
        JournalEntry.objects.filter(subject_id=str(cid), event_type__startswith="case.remedy")
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert events == ["case.remedy_filed", "case.remedy_concluded", "case.remedy_followed_up"]

    # the case page's 救济 panel
    client.force_login(head)
    html = client.get(f"/cases/{cid}/").content.decode()
    assert 'id="remedies"' in html and "杭州市人民政府" in html and "杭政复决〔2026〕12号" in html
    assert "原决定经复议或诉讼" in html and "已退还罚款1000元" in html
    listed = api.get(o1, PATH.format(cid=cid))
    assert [r["outcome"] for r in listed] == ["revoked"]


def test_refusals_and_upheld(api, client, world, people, law):
    o1 = people.o1.user
    cid = decided(api, people)
    # before the decision day
    body = _file(api, o1, cid, started_on=D(2026, 6, 9), status=422)
    assert body["code"] == "remedy_before_decision"
    body = _file(api, o1, cid, kind="appeal", status=422)
    assert body["code"] == "remedy_bad_kind"
    # another agency's head: the case is not in scope
    _file(api, people.other_head, cid, status=404)
    assert not RemedyPeriod.objects.filter(case_id=cid).exists()

    rid = _file(api, o1, cid)["id"]
    base = f"{PATH.format(cid=cid)}/{rid}/outcome"
    body = api.post(o1, base, {"outcome": "upheld", "decided_on": D(2026, 6, 19)}, status=422)
    assert body["code"] == "remedy_before_filing"
    api.post(o1, base, {"outcome": "upheld", "decided_on": D(2026, 8, 1)})
    body = api.post(o1, base, {"outcome": "revoked", "decided_on": D(2026, 8, 2)}, status=422)
    assert body["code"] == "remedy_outcome_recorded"
    fact = CaseFact.objects.get(case_id=cid)
    assert (fact.remedy_concluded, fact.remedy_upheld, fact.remedy_reversed) == (1, 1, 0)
    # upheld: no publication is touched, nothing waits on the head
    assert not Disclosure.objects.filter(case_id=cid, revoked_on__isnull=False).exists()
    assert _remedy_group(people.head) is None or _remedy_group(people.head).count == 0
    # then the court revokes: the judgment is what the decision stands on
    rid2 = _file(
        api, o1, cid, kind="litigation", body="杭州市西湖区人民法院", started_on=D(2026, 8, 10)
    )["id"]
    api.post(
        o1,
        f"{PATH.format(cid=cid)}/{rid2}/outcome",
        {"outcome": "changed", "decided_on": D(2026, 11, 1)},
    )
    fact = CaseFact.objects.get(case_id=cid)
    assert (fact.remedy_upheld, fact.remedy_changed, fact.remedy_reversed) == (0, 1, 1)


def test_no_remedy_before_a_decision(api, world, people, law):
    from zhifa.cases.tests.test_guards import notified

    cid = notified(api, people)
    body = _file(api, people.o1.user, cid, status=422)
    assert body["code"] == "remedy_no_decision"
    assert Case.objects.get(pk=cid).remedies.count() == 0


def test_page_forms_file_and_conclude(api, client, world, people, law):
    o1 = people.o1.user
    cid = decided(api, people)
    client.force_login(o1)
    page = client.get(f"/cases/{cid}/").content.decode()
    assert "登记申请行政复议或提起行政诉讼" in page
    r = client.post(
        f"/cases/{cid}/remedies/file/",
        {
            "kind": "litigation",
            "body": "杭州市西湖区人民法院",
            "reference": "",
            "started_on": "2026-06-20",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("#remedies")
    row = RemedyPeriod.objects.get(case_id=cid)
    assert row.kind == "litigation" and row.ended_on is None
    # a bad date comes back as a message, nothing recorded
    r = client.post(
        f"/cases/{cid}/remedies/{row.pk}/outcome/",
        {"outcome": "upheld", "decided_on": "2026-06-01"},
        follow=True,
    )
    assert "结果日期不能早于申请复议或起诉日期" in r.content.decode()
    row.refresh_from_db()
    assert row.outcome == ""
    client.post(
        f"/cases/{cid}/remedies/{row.pk}/outcome/",
        {"outcome": "withdrawn", "decided_on": "2026-07-01"},
    )
    row.refresh_from_db()
    assert row.outcome == "withdrawn" and row.ended_on == D(2026, 7, 1)
