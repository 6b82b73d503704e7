"""Test settings: the same as production in behaviour, with a fast password hasher."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests that run threads must not leave connections open past the test database's teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A replica alias mirroring the test database, so replica reads are exercised (the indicators'
# replica test); off for every other test, which may query only `default`.
DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})  # noqa: F405
ZHIFA_INDICATORS_ON_REPLICA = False
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise wants it to exist

# Evidence files written by any app's tests land in a throwaway folder, not in var/.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

EVIDENCE_ROOT = tempfile.mkdtemp(prefix="zhifa-test-evidence-")
# The anchors' signing key, made on first use, in a throwaway folder too (never var/keys/).
ZHIFA_ANCHOR_SIGNING_KEY_FILE = str(
    Path(tempfile.mkdtemp(prefix="zhifa-test-keys-")) / "anchor.pem"
)
