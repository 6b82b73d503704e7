"""Development and demo settings (`make run`): SQLite under var/, debug on."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

DEBUG = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise wants it to exist
