"""The on-the-spot summary case in one phone form (简易程序, APL Arts. 51–52), sent exactly once
from a device that may have been offline: the key made on the device is kept with the result, a
repeated key returns the same case (also when both arrive at once), and a refusal comes back as a
Chinese reason with nothing written."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from zhifa import testing
from zhifa.cases import services
from zhifa.cases.models import Case, IdempotencyKey
from zhifa.core.procedure.model import State
from zhifa.officers import services as officers
from zhifa.testing import ALL_ONSPOT_STEPS

URL = "/cases/onspot/new/"
JSON = {"HTTP_ACCEPT": "application/json"}


def _form(people, key, **changes):
    today = timezone.localdate().isoformat()
    data = {
        "idempotency_key": key,
        "received_on": today,
        "violation_date": today,
        "provision": "rtr2023-64",
        "facts": "检查发现驾驶人未取得道路货物运输从业资格证驾驶营运货车。",
        "party_kind": "person",
        "party_name": "张三",
        "party_id_number": "11010519491231002X",
        "party_plate": "浙A12345",
        "officers": [str(people.o1.pk), str(people.o2.pk)],
        "fine": "200",
        "onspot_steps": list(ALL_ONSPOT_STEPS),
        "facts_conclusive": "on",
        "has_legal_basis": "on",
    }
    data.update(changes)
    return data


def test_the_page_is_marked_for_offline_use_and_the_worker_is_served(client, people, law):
    client.force_login(people.o1.user)
    page = client.get(URL).content.decode()
    assert 'data-offline="onspot-case"' in page and "zhifa/offline" in page
    assert 'name="idempotency_key"' in page
    worker = client.get("/offline-sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/" and b"caches.open" in worker.content


def test_sent_twice_with_one_key_makes_one_case(client, people, law):
    client.force_login(people.o1.user)
    key = str(uuid.uuid4())
    first = client.post(URL, _form(people, key), **JSON)
    assert first.status_code == 200, first.content.decode()
    body = first.json()
    assert body["ok"] is True and body["replayed"] is False
    case = Case.objects.get(pk=body["case_id"])
    assert case.state == State.ONSPOT_DECIDED.value and case.procedure == "summary"
    assert body["url"] == f"/cases/{case.pk}/"
    # the answer was lost on the way: the device sends the same draft again
    again = client.post(URL, _form(people, key), **JSON).json()
    assert again == {**body, "replayed": True}
    assert Case.objects.filter(party__name="张三").count() == 1
    assert IdempotencyKey.objects.filter(key__startswith=key).count() == 2  # lead and decision
    # a new draft (new key) is a new case
    other = client.post(URL, _form(people, str(uuid.uuid4())), **JSON).json()
    assert other["ok"] is True and other["case_id"] != body["case_id"]


def test_a_suspended_officer_gets_the_reason_and_nothing_is_written(client, people, law):
    manager = testing.make_user(people.o1.user.agency, roles=("agency_head",), username="mgr")
    officers.suspend_officer(
        people.o1,
        reason="离岗培训",
        starts_on=timezone.localdate(),
        actor=manager,
    )
    client.force_login(people.o1.user)
    response = client.post(URL, _form(people, str(uuid.uuid4())), **JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])  # a Chinese reason
    assert not Case.objects.exists() and not IdempotencyKey.objects.exists()


def test_a_provision_not_in_force_on_the_day_is_refused_beside_its_field(client, people, law):
    client.force_login(people.o1.user)
    # the 2019 text of the road transport regulation, replaced by the 2023 one
    response = client.post(URL, _form(people, str(uuid.uuid4()), provision="rtr2019-68"), **JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and "provision" in body["errors"]
    assert "施行" in body["errors"]["provision"][0]
    assert not Case.objects.exists()


def test_without_json_the_form_answers_as_a_page(client, people, law):
    client.force_login(people.o1.user)
    response = client.post(URL, _form(people, str(uuid.uuid4())))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    refused = client.post(URL, _form(people, str(uuid.uuid4()), fine="-5"))
    assert refused.status_code == 200 and "罚款金额" in refused.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_key_at_once_from_two_requests_makes_one_case(world, people, law):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent writers; SQLite serialises writers by itself")
    key = str(uuid.uuid4())
    start = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            start.wait()
            results.append(
                services.create_onspot_case(
                    actor=people.o1.user,
                    agency=world.hangzhou,
                    facts="检查发现驾驶人未取得道路货物运输从业资格证驾驶营运货车。",
                    decided_on=timezone.localdate(),
                    party={"kind": "person", "name": "张三", "id_number": "11010519491231002X"},
                    violation_date=timezone.localdate(),
                    provision="rtr2023-64",
                    officers=[people.o1, people.o2],
                    penalty={"kinds": ["fine"], "fine": "200"},
                    onspot_steps=ALL_ONSPOT_STEPS,
                    facts_conclusive=True,
                    has_legal_basis=True,
                    idempotency_key=key,
                )
            )
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r.case.pk for r in results}) == 1  # the same result for both
    assert sorted(r.replayed for r in results) == [False, True]
    assert Case.objects.count() == 1
