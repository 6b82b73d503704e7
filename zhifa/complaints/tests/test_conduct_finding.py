"""An upheld complaint about an officer's conduct becomes a conduct record on that officer
(issue 12 item 3, via zhifa.officers.services.record_conduct_breach), linked both ways."""

import pytest

from zhifa import testing
from zhifa.complaints import services
from zhifa.complaints.errors import InvalidComplaint
from zhifa.officers.models import ConductItem, ConductRecord
from zhifa.records.models import JournalEntry


@pytest.fixture
def replied(world, zj):
    """A conduct complaint naming a Hangzhou officer, handled and replied by Hangzhou."""
    officer = testing.make_officer(world.hangzhou)
    head = zj["unit_head"]
    c = services.receive(
        agency=world.hangzhou,
        channel="web",
        category="complaint",
        content="执法人员检查时态度粗暴，辱骂司机。",
        phone="13912345678",
        certificate_number=officer.certificates.first().number,
    )
    for action, kw in (
        ("transfer", {"target": world.hangzhou}),
        ("accept", {}),
        ("handle", {}),
        ("reply", {"text": "经调取执法记录仪视频，该执法人员确有辱骂行为，已责令道歉。"}),
    ):
        c = services.step(c, action, actor=head, **kw)
    return c, officer, head


def test_closing_asks_for_the_finding_and_records_an_upheld_one(client, replied):
    c, officer, head = replied
    item = ConductItem.objects.filter(active=True).first()
    # without a finding, or upheld without the item, the order stays open
    with pytest.raises(InvalidComplaint):
        services.step(c, "close", actor=head)
    with pytest.raises(InvalidComplaint):
        services.step(c, "close", actor=head, finding="upheld", consequence="talk")
    assert not ConductRecord.objects.filter(officer=officer).exists()
    # when closed as upheld with the item breached
    c = services.step(
        c, "close", actor=head, finding="upheld", conduct_item=item, consequence="talk"
    )
    # then the officer has a conduct record from the complaint, linked both ways
    record = ConductRecord.objects.get(officer=officer)
    assert record.source == "complaint" and record.item == item and record.consequence == "talk"
    assert c.finding == "upheld" and c.conduct_record == record and record.complaint == c
    assert "确有辱骂行为" in record.facts and c.tracking_code not in record.facts
    step = JournalEntry.objects.filter(event_type="complaint.stepped").order_by("-id").first()
    assert '"conduct_record_id"' in step.payload
    # the officer sees it on their own page (the officers app's existing page)
    client.force_login(officer.user)
    assert "投诉查实" in client.get("/officers/me/").content.decode()
    # the head sees the finding and the link on the order
    client.force_login(head)
    html = client.get(f"/complaints/{c.pk}/").content.decode()
    assert "投诉属实" in html and f"/officers/{officer.pk}/#conduct" in html


def test_not_upheld_records_nothing(replied):
    c, officer, head = replied
    c = services.step(c, "close", actor=head, finding="not_upheld")
    assert c.finding == "not_upheld" and c.conduct_record is None
    assert not ConductRecord.objects.filter(officer=officer).exists()


def test_the_page_asks_for_the_finding(client, replied):
    c, officer, head = replied
    item = ConductItem.objects.filter(active=True).first()
    client.force_login(head)
    html = client.get(f"/complaints/{c.pk}/").content.decode()
    assert "投诉是否属实" in html and 'name="conduct_item"' in html
    r = client.post(
        f"/complaints/{c.pk}/",
        {"action": "close", "finding": "upheld", "conduct_item": item.pk, "consequence": "talk"},
    )
    assert r.status_code == 302
    assert ConductRecord.objects.get(officer=officer).complaint.pk == c.pk
