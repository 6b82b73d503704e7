"""Development and demo settings (`make run`): SQLite under var/.

Debug is off unless ZHIFA_DEBUG=1, so the demo shows the platform's own Chinese 404/403/500 pages, as
users will see them; static files are still served (WhiteNoise reads them from the apps).
"""

import os

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

DEBUG = os.environ.get("ZHIFA_DEBUG", "0") == "1"
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise wants it to exist
