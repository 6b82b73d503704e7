"""Fuzzing the whole API (issue 10 item 6): schemathesis generates valid and invalid requests for
every operation of the OpenAPI schema; they are sent, signed in, through Django's test client on
the test database (no server). Zero server errors; every API error has the stable shape.

ZHIFA_FUZZ_EXAMPLES sets the examples per operation (default 6: every operation reached, the run
a couple of minutes on 2 cores). Half the examples use the fixture's real ids, so the requests get
past "not found" into the services."""

import json
import os
import warnings

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from zhifa.api import api

EXAMPLES = int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "6"))
SHAPE = {"code", "message", "details"}


# Issue 10 asks for the fuzz on SQLite in CI (no rule here depends on the database); the
# PostgreSQL-specific inputs (NUL, surrogates) are in test_hostile_input.py, which runs on both.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="runs on SQLite (issue 10); hostile input covers PostgreSQL",
)


def operations():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    return [result.ok() for result in schema.get_all_operations()]


def _strategy(operation):
    return st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


def _send(client, case):
    path = case.formatted_path
    query = case.query or {}
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query, doseq=True)
    method = case.method.upper()
    body = case.body
    media = case.media_type or ""
    if method == "GET":
        return client.get(path)
    if media.startswith("multipart/") and isinstance(body, dict):
        data = {
            k: SimpleUploadedFile("f.bin", v) if isinstance(v, bytes) else v
            for k, v in body.items()
            if v is not None
        }
        return client.generic(method, path, **_multipart(client, data))
    if media == "application/json" or body is not None:
        try:
            payload = json.dumps(body, default=str)
        except (TypeError, ValueError):
            payload = str(body)
        return client.generic(method, path, payload, content_type="application/json")
    return client.generic(method, path)


def _multipart(client, data):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    try:
        payload = encode_multipart(BOUNDARY, data)
    except (TypeError, ValueError):
        payload = encode_multipart(BOUNDARY, {k: str(v) for k, v in data.items()})
    return {"data": payload, "content_type": MULTIPART_CONTENT}


def _real_ids(sec) -> dict:
    from zhifa.deadlines.models import Deadline
    from zhifa.notifications.models import Notification

    ids = {
        "case_id": sec.case.pk,
        "agency_id": sec.world.hangzhou.pk,
        "officer_id": sec.officer.pk,
    }
    deadline = Deadline.objects.filter(agency=sec.case.agency).first()
    if deadline:
        ids["deadline_id"] = deadline.pk
    notification = Notification.objects.first()
    if notification:
        ids["notification_id"] = notification.pk
    return ids


def _fuzz(operation, client, sec, real, failures, reached):
    """Sends EXAMPLES generated requests of one operation; records server errors and bad shapes."""
    key = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation), use_real=st.booleans())
    def run(case, use_real):
        if use_real:
            for name in case.path_parameters or {}:
                if name in real:
                    case.path_parameters[name] = real[name]
        response = _send(client, case)
        reached.add(key)
        status = response.status_code
        if status >= 500:
            failures.append(
                f"{key} → {status}: {case.formatted_path} {case.query} {case.body!r:.300}"
            )
        elif status >= 400 and response.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            if set(body) != SHAPE:
                failures.append(f"{key} → {status} without the error shape: {body!r:.200}")
        if "logout" in key:
            client.force_login(sec.users["officer"])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run()


def test_fuzz_the_whole_api(sec, client):
    client.force_login(sec.users["officer"])
    real = _real_ids(sec)
    failures: list[str] = []
    reached: set[str] = set()
    every = operations()
    for operation in every:
        _fuzz(operation, client, sec, real, failures, reached)
    assert sorted(set(failures)) == []
    assert len(reached) == len(every)
