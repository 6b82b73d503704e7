"""End to end through the case API (issue 14 item 2): a failed assessment puts the officer on
off-post retraining (T2 Arts. 31–32), and the case step that needs them is refused with the
Chinese reason; once a pass is recorded, the same step goes through."""

import json
from datetime import date as D

from zhifa.cases.tests.conftest import fresh_calendar_cache, law, people  # noqa: F401
from zhifa.cases.tests.helpers import ORG, Api


def test_failed_assessment_blocks_the_case_until_a_pass(client, world, people, law):  # noqa: F811
    api = Api(client)
    head = people.head
    cid = api.lead(
        people.o1.user,
        received_on=D(2026, 9, 1),
        violation_date=D(2026, 8, 30),
        provision="hl-76-1",
        party=ORG,
        officers=[people.o1, people.o2],
    )["id"]
    # given 李执法 fails the body-worn camera assessment on 1 September (through the API)
    client.force_login(head)
    r = client.post(
        f"/api/v1/officers/{people.o2.pk}/assessments",
        json.dumps(
            {
                "kind": "body_camera",
                "title": "执法记录仪使用考核",
                "held_on": "2026-09-01",
                "score": "40",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    # when the head files the case: refused, naming the officer who may not act
    body = api.refused(head, cid, "file", D(2026, 9, 2), "two_officers_required")
    assert "至少需要两名" in body["message"] and "李执法" in body["message"]
    officer = client.get(f"/api/v1/officers/{people.o2.pk}", {"on": "2026-09-02"}).json()
    reasons = officer["eligibility"]["reasons"]
    assert reasons[0]["code"] == "officer_suspended" and "离岗培训" in reasons[0]["message"]
    # then a pass on 3 September ends the retraining and the same step goes through
    client.force_login(head)
    r = client.post(
        f"/api/v1/officers/{people.o2.pk}/assessments",
        json.dumps(
            {
                "kind": "body_camera",
                "title": "执法记录仪补考",
                "held_on": "2026-09-03",
                "score": "85",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert api.step(head, cid, "file", D(2026, 9, 3))["case"]["state"] == "filed"
