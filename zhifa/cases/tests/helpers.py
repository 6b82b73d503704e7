"""Driving cases through the JSON API in tests: one call per step, acting as a given user."""

from __future__ import annotations

import json
from datetime import date

from zhifa.records.models import JournalEntry
from zhifa.testing import ALL_ONSPOT_STEPS, FULL_CHECKLIST, fine  # noqa: F401 -- re-exported

BASE = "/api/v1/cases"
ORG = {"kind": "organisation", "name": "杭州某建设工程有限公司", "id_number": "91330100716105852F"}
PERSON = {"kind": "person", "name": "张三", "id_number": "11010519491231002X"}
D = date


class Api:
    """A test client that signs in as the acting user for each call."""

    def __init__(self, client):
        self.client = client

    def _as(self, user):
        if user is None:
            self.client.logout()
        else:
            self.client.force_login(user)

    def post(self, user, path: str, data: dict | None = None, *, status: int = 200, headers=None):
        self._as(user)
        url = f"{BASE}{path}"
        response = self.client.post(
            url,
            json.dumps(data or {}, default=str),
            content_type="application/json",
            headers=headers or {},
        )
        assert response.status_code == status, (url, response.status_code, response.content)
        return response.json()

    def patch(self, user, path: str, data: dict, *, status: int = 200):
        self._as(user)
        response = self.client.patch(
            f"{BASE}{path}", json.dumps(data, default=str), content_type="application/json"
        )
        assert response.status_code == status, (path, response.status_code, response.content)
        return response.json()

    def get(self, user, path: str, *, status: int = 200, **params):
        self._as(user)
        response = self.client.get(f"{BASE}{path}", params)
        assert response.status_code == status, (path, response.status_code, response.content)
        return response.json()

    def step(self, user, case_id: int, path: str, as_of: date, *, status: int = 200, **data):
        """A typed step endpoint; returns the JSON (the error body when `status` is not 200)."""
        return self.post(user, f"/{case_id}/{path}", {"as_of": as_of, **data}, status=status)

    def refused(self, user, case_id: int, path: str, as_of: date, code: str, status=409, **data):
        """The step is refused with `code`, and nothing was recorded."""
        before = journal_count(case_id)
        state = self.case(user, case_id)["state"]
        body = self.step(user, case_id, path, as_of, status=status, **data)
        assert body["code"] == code, body
        assert body["message"], body
        assert journal_count(case_id) == before
        assert self.case(user, case_id)["state"] == state
        return body

    def case(self, user, case_id: int, **params) -> dict:
        return self.get(user, f"/{case_id}", **params)

    def lead(
        self,
        user,
        *,
        received_on: date,
        violation_date: date,
        provision: str,
        party: dict,
        officers=(),
        triggers=None,
        facts="检查发现违法行为",
        **extra,
    ) -> dict:
        return self.post(
            user,
            "/leads",
            {
                "source": "inspection",
                "facts": facts,
                "received_on": received_on,
                "violation_date": violation_date,
                "provision": provision,
                "party": party,
                "officers": [o.pk for o in officers],
                "triggers": triggers or {},
                **extra,
            },
            status=201,
        )


def journal_count(case_id: int) -> int:
    return JournalEntry.objects.filter(subject_type="cases.case", subject_id=str(case_id)).count()


def step_entries(case_id: int, code: str) -> int:
    return JournalEntry.objects.filter(
        subject_type="cases.case", subject_id=str(case_id), event_type=f"case.{code}"
    ).count()


def deadline(case: dict, code: str) -> str | None:
    for d in case["deadlines"]:
        if d["code"] == code:
            return d["due"]
    return None
