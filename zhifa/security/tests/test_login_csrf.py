"""The API's session sign-in checks CSRF (login CSRF: a hostile page must not sign a browser into
the attacker's account); the token comes from GET /api/v1/auth/csrf."""

import json

from django.test import Client

from zhifa import testing


def test_api_login_requires_the_csrf_token(world):
    testing.make_user(world.hangzhou, roles=("officer",), username="csrf_user")
    client = Client(enforce_csrf_checks=True)
    credentials = json.dumps({"username": "csrf_user", "password": testing.DEFAULT_PASSWORD})

    refused = client.post("/api/v1/auth/login", credentials, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert "_auth_user_id" not in client.session

    token = client.get("/api/v1/auth/csrf").json()["csrf_token"]
    signed_in = client.post(
        "/api/v1/auth/login", credentials, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert signed_in.status_code == 200, signed_in.content
    assert signed_in.json()["username"] == "csrf_user"
