"""Settings shared by every environment. Environment variables override; nothing here is secret."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ZHIFA_VAR_DIR", BASE_DIR / "var"))
# Reference data (regions, provisions, benchmarks, no-penalty lists) ships inside the project.
REFDATA_DIR = BASE_DIR / "zhifa" / "refdata"

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = os.environ.get("ZHIFA_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "zhifa.accounts.apps.ZhifaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "zhifa.orgs",
    "zhifa.accounts",
    "zhifa.officers",
    "zhifa.workcalendar",
    "zhifa.records",
    "zhifa.law",
    "zhifa.notifications",
    "zhifa.deadlines",
    "zhifa.cases",
    "zhifa.evidence",
    "zhifa.measures",
    "zhifa.violations",
    "zhifa.workbench",
    "zhifa.documents",
    "zhifa.apitokens",
    "zhifa.disclosure",
    "zhifa.complaints",
    "zhifa.oversight",
    "zhifa.offsite",
    "zhifa.provision_review",
    "zhifa.indicators",
    "zhifa.equipment",
    "zhifa.inspections",
    "zhifa.evaluation",
    "zhifa.web",
    "ninja",  # its own Swagger UI files for /api/v1/docs (without it django-ninja loads them from a CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhifa.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhifa.web.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before the CSRF check reads the body: broken multipart and NUL/bidi characters → 400/422.
    "zhifa.web.middleware.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified() for two-factor sign-in (django-otp)
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhifa.records.middleware.CorrelationIdMiddleware",
    # Session limits, forced password change and two-factor sign-in, in that order (issue 10).
    "zhifa.accounts.middleware.AccountGateMiddleware",
    # Every file handed out (documents, exports) goes into the journal (issue 10 item 7).
    "zhifa.records.middleware.DownloadJournalMiddleware",
    "zhifa.cases.middleware.SnapshotScopeMiddleware",  # a case's snapshot built once per read
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhifa.sqlite3'}",
        # One connection per worker kept for a minute, checked before reuse, instead of a new
        # connection (and PostgreSQL backend process) for every request (issue 15, item 5).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer appends; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
# A streaming replica (optional, off by default; docs/deployment.md): only reads that declare they may
# lag (zhifa.nodes.reads_may_lag, e.g. dashboards) go there; writes and all other reads stay on the
# primary. Tests mirror it onto the default database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zhifa.nodes.ReplicaRouter"]
# The supervision dashboards (zhifa.indicators) read the replica when one is configured, the primary
# when it is not or cannot be reached; "0" keeps them on the primary.
ZHIFA_INDICATORS_ON_REPLICA = os.environ.get("ZHIFA_INDICATORS_ON_REPLICA", "1") != "0"
# PostgreSQL least privilege (docs/database-roles.md): DATABASE_URL is the application's role, which
# owns nothing; MIGRATE_DATABASE_URL the owner role, used only by migrate, restore and
# create_app_role (same database, other credentials). Empty: one role does everything (SQLite, dev).
MIGRATE_DATABASE_URL = os.environ.get("MIGRATE_DATABASE_URL", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhifa.accounts.passwords.MixedKindsValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after ZHIFA_SESSION_IDLE_MINUTES idle minutes (default 30, GB/T 22239-2019 8.1.4.1 c
# 登录连接超时自动退出): the account gate checks the last request's time on the server and renews
# it (with the session row's expiry) at most once a minute (accounts/sessions.py RENEW_AFTER), so
# a request does not write its session every time. ZHIFA_SESSION_ABSOLUTE_HOURS (default 12) ends any session,
# however busy, that long after its sign-in.
ZHIFA_SESSION_IDLE_MINUTES = int(os.environ.get("ZHIFA_SESSION_IDLE_MINUTES", "30"))
ZHIFA_SESSION_ABSOLUTE_HOURS = float(os.environ.get("ZHIFA_SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = ZHIFA_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False  # renewal is throttled in accounts/sessions.py
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Login locks after 5 failures for 30 minutes, counted per user name (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhifa.accounts.views.locked_out"
AXES_VERBOSE = False
# Locking by IP as well would lock out a whole office behind one NAT address after 5 typos by
# anyone; the account is what the rule protects (GB/T 22239: lock the account).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The indicators' covering indexes (INCLUDE) are a PostgreSQL speed-up; SQLite keeps the plain
    # index, which is all the embedded demo needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve app static files straight from the apps in development (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
# A failed CSRF check shows the platform's Chinese page (not Django's English one).
CSRF_FAILURE_VIEW = "zhifa.web.errors.csrf_failure"

# Security headers on every response (production adds HSTS and HTTPS-only cookies). Scripts only from
# this site: no inline script or handler anywhere (zhifa/security/tests/test_headers.py scans the
# templates). Inline style attributes remain in some templates, hence 'unsafe-inline' for styles only.
ZHIFA_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request bodies above this are refused (JSON API and forms); uploads get their own limit later.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Jobs run inline unless a broker is configured (production: Redis). A result backend only where a
# caller waits for a job's result on another node (tools/two_nodes.py); jobs here report through the DB.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Production schedule (celery -A zhifa worker -B); without a broker run the same commands from cron.
CELERY_BEAT_SCHEDULE = {
    "anchor-journal": {"task": "zhifa.records.tasks.anchor_finished_days", "schedule": 3600.0},
    # the portal's signed hourly public anchor (issue 12 item 7); cron: manage.py publish_anchors
    "publish-anchors": {"task": "zhifa.disclosure.tasks.publish_anchors", "schedule": 3600.0},
    # last-quarter reminders of officers short of training hours (once a year each)
    "training-reminders": {
        "task": "zhifa.officers.tasks.send_training_reminders",
        "schedule": 86400.0,
    },
    "sweep-deadlines": {"task": "zhifa.deadlines.sweep", "schedule": 900.0},
    # the deadline indicators (overdue rate, measures past limit, disclosure timeliness); the page
    # shows when they were last computed; cron: manage.py refresh_indicators
    "refresh-indicators": {"task": "zhifa.indicators.refresh_deadlines", "schedule": 900.0},
    "lapse-preservations": {"task": "zhifa.measures.lapse_preservations", "schedule": 900.0},
    "mark-overdue-payments": {
        "task": "zhifa.cases.tasks.mark_overdue_payments_task",
        "schedule": 3600.0,
    },
}

# Deadlines: "due soon" this many working days ahead; links in e-mails need the site's address.
ZHIFA_DEADLINE_DUE_SOON_WORKING_DAYS = int(
    os.environ.get("ZHIFA_DEADLINE_DUE_SOON_WORKING_DAYS", "2")
)
ZHIFA_SITE_URL = os.environ.get("ZHIFA_SITE_URL", "")
# Documents: an agency's licensed fonts (body.ttf, title.ttf, fallbacks); the QR codes' address
# (defaults to ZHIFA_SITE_URL); public verification requests per address per minute.
ZHIFA_DOCUMENT_FONT_DIR = os.environ.get("ZHIFA_DOCUMENT_FONT_DIR", "")
ZHIFA_VERIFY_BASE_URL = os.environ.get("ZHIFA_VERIFY_BASE_URL", ZHIFA_SITE_URL)
ZHIFA_VERIFY_RATE_PER_MINUTE = int(os.environ.get("ZHIFA_VERIFY_RATE_PER_MINUTE", "20"))
# E-mail only where a mail server is configured; otherwise notifications stay in the app.
if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhifa@localhost")

# Yearly in-service training hours per officer (法治政府建设实施纲要（2021—2025年）: at least 60);
# a province sets its own figure here, keyed by the province's region name, e.g. {"浙江省": 72}.
ZHIFA_TRAINING_HOURS_BY_PROVINCE: dict[str, int] = {}
# Random inspections (opinion item 七; the spec sets no figure): the same target inspected by another
# agency or level within this many days is flagged before the inspection, and no target is inspected
# more than this many times a year without a superior's approval (0: no cap).
ZHIFA_INSPECTION_WINDOW_DAYS = int(os.environ.get("ZHIFA_INSPECTION_WINDOW_DAYS", "30"))
ZHIFA_INSPECTION_YEARLY_CAP = int(os.environ.get("ZHIFA_INSPECTION_YEARLY_CAP", "2"))

# API tokens for other systems (zhifa/apitokens): validity when not given, and the longest allowed.
ZHIFA_API_TOKEN_DEFAULT_DAYS = int(os.environ.get("ZHIFA_API_TOKEN_DEFAULT_DAYS", "90"))
ZHIFA_API_TOKEN_MAX_DAYS = int(os.environ.get("ZHIFA_API_TOKEN_MAX_DAYS", "365"))

# With REDIS_URL the cache is shared by every application node (rate limits, sessions); without it
# (one process: development, tests) it stays in memory, which `check --deploy` flags (zhifa/nodes.py).
# CACHE_KEY_PREFIX keeps several deployments apart on one Redis.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zhifa"),
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions live in PostgreSQL, which every node shares; with a shared cache they are also cached there
# (cached_db: read from Redis, written through to the database, so a restart of Redis loses none).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Inline jobs (no broker): kombu's "no hostname" warning and each task's "succeeded" line are
    # noise in make run and the demo; with a broker the worker logs them as usual.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# Passwords (issue 10 item 1; GB/T 22239-2019 8.1.4.1 a, 身份鉴别信息具有复杂度要求并定期更换):
# a password expires after this many days (0: never) and none of the last N may be used again.
ZHIFA_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ZHIFA_PASSWORD_MAX_AGE_DAYS", "90"))
ZHIFA_PASSWORD_HISTORY = int(os.environ.get("ZHIFA_PASSWORD_HISTORY", "5"))

# Two-factor sign-in (GB/T 22239-2019 8.1.4.1 d, 两种或两种以上组合的鉴别技术): TOTP with recovery
# codes (django-otp). Required of every account where ZHIFA_REQUIRE_2FA is on (production); where
# it is off (development, the demo) it stays optional, the three administrators included, and
# their pages say so. An enrolled device is always asked for.
ZHIFA_REQUIRE_2FA = os.environ.get("ZHIFA_REQUIRE_2FA", "0") == "1"
ZHIFA_REQUIRE_2FA_FOR_ADMINS = ZHIFA_REQUIRE_2FA
OTP_TOTP_ISSUER = "交通运输行政执法平台"
ZHIFA_RECOVERY_CODES = 10

# Administrators hold at most this many sessions at once; a new sign-in ends the older ones.
ZHIFA_ADMIN_MAX_SESSIONS = 1

# The journal is kept at least this many days (等保 三级 practice: logs >= 6 months, cf. 网络安全法
# 第二十一条 “留存相关的网络日志不少于六个月”). It is append-only, so in fact it is kept for ever;
# purge_journal refuses anything younger than this, and refuses the rest too (see its help).
ZHIFA_JOURNAL_RETENTION_DAYS = max(180, int(os.environ.get("ZHIFA_JOURNAL_RETENTION_DAYS", "180")))
# Ed25519 private key (PKCS#8 PEM file) signing the portal's public anchors; its public key is on
# the portal. Made on first use when the file is missing (zhifa/disclosure/signing.py): keep a backup.
ZHIFA_ANCHOR_SIGNING_KEY_FILE = os.environ.get(
    "ZHIFA_ANCHOR_SIGNING_KEY_FILE", str(VAR_DIR / "keys" / "anchor-ed25519.pem")
)
