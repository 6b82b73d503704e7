"""Security headers and the deploy checklist (issue 10 item 10): a Content-Security-Policy without
inline scripts on every page, frame denial, referrer policy, HSTS in production, uploads outside
the web root, `check --deploy` clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import zhifa

TEMPLATES = sorted(Path(zhifa.__file__).parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
HTMX_SCRIPT = re.compile(r"\b(hx-on[:\-]|hx-vars=|js:)", re.I)


def test_no_template_holds_an_inline_script_or_handler():
    assert TEMPLATES
    offenders = []
    for path in TEMPLATES:
        text = path.read_text("utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, HTMX_SCRIPT, re.compile("javascript:", re.I)):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group()}")
    assert offenders == []


def test_the_scanner_sees_what_it_must():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="x">{}</script>')
    assert HANDLER.search('<select onchange="this.form.submit()">')
    assert not HANDLER.search("<select data-autosubmit>")


def test_every_page_sends_the_policy_and_the_headers(sec, client):
    client.force_login(sec.users["officer"])
    pages = ["/", "/cases/", f"/cases/{sec.case.pk}/", f"/evidence/cases/{sec.case.pk}/", "/law/"]
    for url in [*pages, "/api/v1/me", "/login/", "/no-such-page/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
    # htmx is told not to inject its style or eval anything
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and "zhifa/site.js" in html


def test_uploads_live_outside_the_web_root():
    static_root = Path(settings.STATIC_ROOT).resolve()
    evidence_root = Path(settings.EVIDENCE_ROOT).resolve()
    assert static_root not in evidence_root.parents and evidence_root != static_root
    # nothing serves a media folder: evidence leaves only through the scoped, journaled download
    assert not getattr(settings, "MEDIA_URL", "") or settings.MEDIA_URL in ("", "/")
    default = Path(settings.VAR_DIR) / "evidence"
    assert static_root not in default.resolve().parents


def test_production_settings_pass_check_deploy_with_hsts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhifa.settings.production",
        "SECRET_KEY": "test-" + "k" * 60 + "-not-a-real-secret-but-long-and-varied-0123456789",
        "ALLOWED_HOSTS": "zhifa.example.gov.cn",
        # production shares its cache and sessions between nodes (zhifa/nodes.py); no connection is made
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.pop("DATABASE_URL", None)
    # a browser test in this worker may have set it for Playwright's event loop; a deployment has not
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)"
    )
    out = subprocess.run(  # noqa: S603 -- this interpreter, fixed arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) >= 31536000 and out[1:4] == ["True", "True", "True"]
    assert out[4:] == ["DENY", "same-origin"]
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
