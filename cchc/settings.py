"""One settings file, read from the environment (see README, "Configuration")."""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
# Runtime state (the default SQLite database, the generated secret key) lives under var/ of the
# current directory, as INTERFACES.md promises, never inside the installed package.
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", Path.cwd() / "var")).resolve()


def _config_error(message):
    from django.core.exceptions import ImproperlyConfigured

    return ImproperlyConfigured(message)


def _env_int(name, default):
    """An integer setting; a typo stops start-up with a message naming the variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise _config_error(f"Biến môi trường {name}={raw!r} phải là một số nguyên.") from None


def _env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key():
    if os.environ.get("CCHC_SECRET_KEY"):
        return os.environ["CCHC_SECRET_KEY"]
    # The embedded default generates its key once and keeps it, so sessions survive restarts
    # and no secret is ever committed.
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("CCHC_DEBUG")
ALLOWED_HOSTS = os.environ.get("CCHC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CCHC_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # failed logins throttled on every authenticate() call (cchc/orgunits/throttle.py)
    "cchc",
    "cchc.audit",
    "cchc.orgunits",
    "cchc.locality",
    "cchc.catalog",
    "cchc.reporting",
    "cchc.consolidation",
    "cchc.planning",
    "cchc.signatures",
    "cchc.notifications",
    "cchc.api",
    "ninja",  # only for its bundled Swagger UI files: the API docs load nothing from a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cchc.locality.words.per_request",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cchc.reporting.views_common.RefusalMiddleware",
    # Last, as django-axes asks: it turns a locked-out login's answer into 429 (throttle.lockout_response).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.locality.context.locality",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}"
try:
    # Each worker thread of `cchc serve` keeps its connection: opening one costs more than a small
    # request (a PostgreSQL backend forked and authenticated; on SQLite the PRAGMAs and Django's
    # functions on every connect). dj-database-url's own default is 0 — a new connection per request.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=_env_int("CCHC_CONN_MAX_AGE", 600)
        )
    }
except (ValueError, dj_database_url.UnknownSchemeError) as exc:
    raise _config_error(
        f"DATABASE_URL không hợp lệ ({exc}); dùng sqlite:///ĐƯỜNG/DẪN.sqlite3 "
        f"hoặc postgresql://người_dùng@máy:5432/tên_csdl."
    ) from None
if DATABASES["default"]["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise _config_error("DATABASE_URL: cchc chạy trên SQLite hoặc PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(VAR_DIR / "cchc.sqlite3"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one writer writes; IMMEDIATE transactions plus a busy timeout
    # make concurrent writers queue (on the 5th of the month everyone submits at once) instead of
    # failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _env_bool("CCHC_PG_PREPARED", True):
    # Parameters sent apart from the SQL, and a statement run five times on a connection prepared
    # once (psycopg's prepare_threshold): PostgreSQL then parses and plans each of a save's
    # statements once per worker instead of on every save — half its CPU per save (1.9 → 0.9 ms,
    # bench/rush.py). Set CCHC_PG_PREPARED=0 behind a pooler in transaction mode (PgBouncer before
    # 1.21), which cannot keep a connection's prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("CCHC_TEST_DB_NAME"):  # lets two test runs share one PostgreSQL server
    DATABASES["default"]["TEST"]["NAME"] = os.environ["CCHC_TEST_DB_NAME"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# dd/mm/yyyy for display and input (Django's "vi" locale would read 08/03/2021 as 3 August).
FORMAT_MODULE_PATH = ["cchc.formats"]

# --- Auth and sessions ----------------------------------------------------------------------
# django-axes' backend comes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["cchc.orgunits.throttle.Backend", "django.contrib.auth.backends.ModelBackend"]
# The throttle's rule lives in cchc/orgunits/throttle.py (README: 5 per account, 20 per address, 15 minutes).
AXES_HANDLER = "cchc.orgunits.throttle.Throttle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # two separate counts, in this order (Throttle)
AXES_FAILURE_LIMIT = 20  # on Throttle's common scale: see ACCOUNT_WEIGHT
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries while locked are refused, not counted
AXES_RESET_ON_SUCCESS = False  # a success clears the account only (throttle.succeeded)
AXES_USERNAME_CALLABLE = "cchc.orgunits.throttle.username"
AXES_CLIENT_IP_CALLABLE = "cchc.orgunits.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "cchc.orgunits.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # the attempts are shown by our own audited admin (orgunits/admin.py)
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept: the audit log records what people do
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cchc.orgunits.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = _env_int("CCHC_SESSION_SECONDS", 8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_https = _env_bool("CCHC_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Uploads: a filled appendix is tens of kilobytes; anything beyond a few megabytes is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CCHC_UPLOAD_MAX_BYTES = _env_int("CCHC_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
_node_modules = Path(os.environ.get("CCHC_NODE_MODULES", Path(__file__).resolve().parent.parent / "node_modules"))
if _node_modules.is_dir():
    STATICFILES_DIRS.append(("vendor", _node_modules))
WHITENOISE_USE_FINDERS = True

# --- E-mail (deadline reminders) ------------------------------------------------------------
EMAIL_HOST = os.environ.get("CCHC_SMTP_HOST", "localhost")
EMAIL_PORT = _env_int("CCHC_SMTP_PORT", 25)
EMAIL_HOST_USER = os.environ.get("CCHC_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CCHC_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("CCHC_SMTP_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_MAIL_FROM", "cchc@localhost")
EMAIL_TIMEOUT = 20

# --- The reporting regime -------------------------------------------------------------------
# Which rule generates a year's periods is the locality's `period_rule` (cchc/locality); this
# setting, when set, overrides it. "an-khe-2021": data windows from 15/12 of the previous year, cut
# off at the end of the month before the period's last month, due on the 5th of that last month.
# "bnv" is the Ministry of Home Affairs' own collection: windows from the 15th to the 14th, due on
# the 20th. See cchc/reporting/periods.py.
CCHC_PERIOD_RULE = os.environ.get("CCHC_PERIOD_RULE") or None
# Who offers pre-filled figures on a report, as (source, function(unit, period) -> {code: number}):
# stock figures of the unit's previous report, then the CCHC plan's task counts (Phòng Nội vụ), then
# the register of tasks assigned by the superior (Văn phòng HĐND-UBND).
CCHC_PREFILL_PROVIDERS = [
    ("previous", "cchc.reporting.actions.prefill_from_previous"),
    ("plan", "cchc.planning.computed.plan_figures"),
    ("tasks", "cchc.planning.computed.register_figures"),
]


# Reminder e-mails: days before the deadline, comma-separated.
def _env_int_list(name, default):
    raw = os.environ.get(name, default)
    try:
        return [int(d) for d in raw.split(",") if d.strip()]
    except ValueError:
        raise _config_error(f"Biến môi trường {name}={raw!r} phải là các số nguyên cách nhau bởi dấu phẩy.") from None


CCHC_REMIND_DAYS_BEFORE = _env_int_list("CCHC_REMIND_DAYS_BEFORE", "5,1")
# After the deadline, while a unit's report is still missing: the day after, then every N days, for
# at most LIMIT days (README "Nhắc hạn").
CCHC_REMIND_EVERY_DAYS_AFTER = _env_int("CCHC_REMIND_EVERY_DAYS_AFTER", 3)
CCHC_REMIND_AFTER_LIMIT = _env_int("CCHC_REMIND_AFTER_LIMIT", 30)


# Emulation score of the yearly compliance table, "key=points,…" (README "Thi đua"); keys: on_time,
# late_day, late_min, missing, returned. Unnamed keys keep their defaults.
def _score_setting(text):
    """ "on_time=10,per_late_day=1" → {"on_time": 10.0, …}; a typo stops start-up with a clear message."""
    out = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        try:
            out[key.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise _config_error(f"CCHC_COMPLIANCE_SCORE: «{item}» phải có dạng tên=số") from None
        if not sep:
            raise _config_error(f"CCHC_COMPLIANCE_SCORE: «{item}» phải có dạng tên=số")
    return out


CCHC_COMPLIANCE_SCORE = _score_setting(os.environ.get("CCHC_COMPLIANCE_SCORE", ""))
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://localhost:8000")
# LibreOffice's soffice for PDF exports; blank: soffice or libreoffice on PATH. Writer must be
# installed with it (Debian: libreoffice-writer-nogui); without it the PDF buttons say why and offer .docx.
CCHC_SOFFICE = os.environ.get("CCHC_SOFFICE", "").strip()
# API tokens (POST /api/v1/token) stop working after this many days; the script asks for a new one.
CCHC_API_TOKEN_DAYS = _env_int("CCHC_API_TOKEN_DAYS", 30)

# Digital signatures (ký số): the root CAs a signer's certificate must chain to (a PEM file or a
# folder of them), and the office's own PKCS#12 for sealing the consolidated report (optional).
CCHC_TRUST_ROOTS = os.environ.get("CCHC_TRUST_ROOTS", "")
CCHC_SEAL_P12 = os.environ.get("CCHC_SEAL_P12", "")
CCHC_SEAL_PASSWORD = os.environ.get("CCHC_SEAL_PASSWORD", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
    # A refused page (403/404) is the access rules working, not an incident: log server errors only.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
