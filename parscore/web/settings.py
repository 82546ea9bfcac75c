"""Django settings for the parscore web app, read from the environment.

- ``PARSCORE_DATA``: the data folder (default ``./parscore-data``): the SQLite database, the
  secret key and the uploaded evidence files live there.
- ``DATABASE_URL``: ``postgresql://user:password@host:5432/name`` to use PostgreSQL (psycopg 3);
  without it, SQLite in the data folder.
- ``PARSCORE_HTTPS=1``: served over HTTPS (usually behind a reverse proxy that sets
  ``X-Forwarded-Proto``): cookies are sent only over HTTPS, HTTP is redirected, HSTS is on.
- ``PARSCORE_TRUSTED_PROXY``: with ``PARSCORE_HTTPS=1``, the address the reverse proxy connects
  from (default ``127.0.0.1``): its ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed.
- ``PARSCORE_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``PARSCORE_SECRET_KEY``: the secret key (default: generated once into the data folder).
- ``PARSCORE_SESSION_IDLE_MINUTES``: a signed-in session left this many minutes without a request
  is signed out (default 120; see :mod:`parscore.web.env_settings` for why).
- ``PARSCORE_SESSION_MAX_HOURS``: a signed-in session ends this many hours after signing in,
  in use or not (default 12).
- ``PARSCORE_MAX_UPLOAD``: the largest evidence file accepted, in bytes (default 20 MiB).
"""

from __future__ import annotations

import os
from pathlib import Path

from .dburl import database_settings
from .env_settings import idle_minutes, max_upload, session_hours

DATA_DIR = Path(os.environ.get("PARSCORE_DATA", "parscore-data")).resolve()
FILES_DIR = DATA_DIR / "files"
BASE_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    given = os.environ.get("PARSCORE_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    # Created on first start (parscore serve); a placeholder until then, never used to serve.
    return "parscore-not-yet-initialised"


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PARSCORE_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PARSCORE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "parscore.web.apps.WebConfig",
]

# every flash message said without the engine's codes (PS505): commune staff have no use for them
MESSAGE_STORAGE = "parscore.web.uncoded.Messages"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parscore.web.known_device.KnownDeviceMiddleware",  # the cookie of a browser signed in on
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "parscore.web.idle.IdleTimeoutMiddleware",  # before the next: it tells it why
    "parscore.web.expired.ExpiredFormMiddleware",
    "parscore.web.views.errors.NotAllowedMiddleware",
]

ROOT_URLCONF = "parscore.web.urls"
WSGI_APPLICATION = "parscore.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parscore.web.access.roles_context",
            ],
        },
    }
]

DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Uploads: evidence files up to this size; bigger request bodies are refused.
PARSCORE_MAX_UPLOAD = max_upload(os.environ.get("PARSCORE_MAX_UPLOAD"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Login throttling (parscore.web.throttle): this many failures within the window for one user
# name from one address (IPv6: one /64) lock that pair, four times as many from one address lock
# the address; the larger budget for one name from every address together locks the name.
PARSCORE_LOGIN_FAILURES = 5
PARSCORE_LOGIN_WINDOW_SECONDS = 15 * 60
PARSCORE_LOGIN_NAME_FAILURES = 50
PARSCORE_LOGIN_NAME_WINDOW_SECONDS = 24 * 60 * 60

# A signed-in session left this long without a request is signed out, and any session this long
# after signing in (parscore.web.idle); the cookie lasts as long (it lasted Django's two weeks).
PARSCORE_SESSION_IDLE_MINUTES = idle_minutes(os.environ.get("PARSCORE_SESSION_IDLE_MINUTES"))
PARSCORE_SESSION_MAX_HOURS = session_hours(os.environ.get("PARSCORE_SESSION_MAX_HOURS"))
SESSION_COOKIE_AGE = PARSCORE_SESSION_MAX_HOURS * 60 * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "parscore.web.views.errors.csrf_failure"  # a page of before, in Vietnamese
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Behind a reverse proxy (PARSCORE_HTTPS=1): the address the proxy connects from, whose
# X-Forwarded-Proto (HTTPS) and X-Forwarded-For (the user's address, which login throttling
# counts) the server believes; from anyone else these headers are removed.
PARSCORE_TRUSTED_PROXY: str | None = None

if os.environ.get("PARSCORE_HTTPS") == "1":
    PARSCORE_TRUSTED_PROXY = os.environ.get("PARSCORE_TRUSTED_PROXY", "127.0.0.1").strip()
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith("[")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
