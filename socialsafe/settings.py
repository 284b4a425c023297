"""SocialSafe settings: every value comes from an environment variable (see .env.example and the README)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from socialsafe.lib.env import envbool, envint, envlist, envstr, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("SOCIALSAFE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "socialsafe.accounts",
    "socialsafe.schools",
    "socialsafe.audit",
    "socialsafe.incidents",
    "socialsafe.evidence",
    "socialsafe.moderation",
    "socialsafe.concerns",
    "socialsafe.registers",
    "socialsafe.letters",
    "socialsafe.reports",
    "socialsafe.ops",
    # The policy's guidance in practice (issue 18): check before you post, the staff rules, families told and asked.
    "socialsafe.postcheck",
    "socialsafe.staffrules",
    "socialsafe.families",
    # Data protection (issue 16): they sit above every other app and none imports them.
    "socialsafe.retention",
    "socialsafe.transfers",
    "socialsafe.subjectaccess",
    "socialsafe.backups",
    "socialsafe.encryption",  # key rotation over every app's encrypted files; no models
]

MIDDLEWARE = [
    "socialsafe.lib.logging_json.RequestLogMiddleware",  # first: it times the whole answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "socialsafe.accounts.middleware.SessionTimeoutMiddleware",
    "socialsafe.accounts.middleware.SecondFactorMiddleware",
    "socialsafe.lib.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "socialsafe.schools.middleware.CurrentSchoolMiddleware",
]

ROOT_URLCONF = "socialsafe.urls"
WSGI_APPLICATION = "socialsafe.wsgi.application"

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
                "django.template.context_processors.csp",
                "socialsafe.schools.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        # Unset or empty (`DATABASE_URL=` in an environment file): the SQLite file under var/.
        envstr("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'socialsafe.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A kept connection is tested before each request reuses it: after PostgreSQL restarts, a web process opens
        # a new one instead of failing its next request on the dead one.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "socialsafe.accounts.passwords.NotTheSchoolsNameValidator"},
]
# Argon2id first: new passwords and every password signed in with are hashed with it; older hashes still work.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_LINK_SECONDS = 60 * 60  # a password-reset link works for one hour (socialsafe.accounts.tokens)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a new account's invitation to choose its password works for a day

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
FORMAT_MODULE_PATH = ["socialsafe.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence: write-once, content-addressed. Any Django storage works (e.g. S3 through django-storages): set
    # EVIDENCE_STORAGE_BACKEND and its options; the default keeps files on this server's disk.
    "evidence": {
        "BACKEND": envstr("EVIDENCE_STORAGE_BACKEND", "socialsafe.evidence.storage.EvidenceFileStorage"),
        "OPTIONS": {"location": str(Path(envstr("EVIDENCE_ROOT", str(VAR_DIR / "evidence"))))},
    },
    "staticfiles": {
        "BACKEND": envstr("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}

# Email: the console by default, SMTP as soon as EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "SocialSafe <no-reply@socialsafe.invalid>")
_email_host = envstr("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER", ""),
                "password": envstr("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "socialsafe.lib.mail.ReadableConsoleBackend"}}

# Security: children's safeguarding records.
SESSION_COOKIE_HTTPONLY = True
# Database sessions that name their user, so that one person's sessions can be ended by an index.
SESSION_ENGINE = "socialsafe.accounts.sessions"
# Signed out after 30 minutes without a request, and 12 hours after signing in whatever happens
# (socialsafe.accounts.middleware.SessionTimeoutMiddleware); the cookie itself lasts no longer than that.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", SITE_URL.startswith("https://"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS proxy (nginx, a load balancer) the proxy says the scheme and the client's address; only then are
# X-Forwarded-Proto and the last X-Forwarded-For entry believed (socialsafe.lib.net.client_ip).
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Second factor (django-otp): an authenticator app (TOTP), passkeys and security keys (WebAuthn), recovery codes.
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "SocialSafe")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, after the password
OTP_WEBAUTHN_HELPER_CLASS = "socialsafe.accounts.webauthn.SchoolWebAuthnHelper"
OTP_WEBAUTHN_RP_NAME = "SocialSafe"
# What `check` expects; at run time the helper takes the host the request reached (one of ALLOWED_HOSTS).
# Passkeys need a host name, not an address: on this laptop that is http://localhost:8000.
_passkey_origin = SITE_URL.rstrip("/").replace("://127.0.0.1", "://localhost")
OTP_WEBAUTHN_RP_ID = _passkey_origin.split("://", 1)[-1].split("/")[0].split(":")[0]
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_passkey_origin]
# Brute force: after this many failures in the window, sign-in, second-factor and reset attempts for that account
# or from that address wait until the window ends (socialsafe.accounts.limits).
SIGN_IN_MAX_FAILURES = envint("SIGN_IN_MAX_FAILURES", 5)
SIGN_IN_WINDOW_SECONDS = envint("SIGN_IN_WINDOW_SECONDS", 15 * 60)

ROSTER_IMPORT_MAX_BYTES = envint("ROSTER_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 25 * 1024 * 1024)
SCHOOL_LOGO_PATH = envstr("SCHOOL_LOGO_PATH", "") or None  # a PNG or JPEG for the letterhead

# Background work (reading text from screenshots, classifying it) runs in `manage.py worker` (django-tasks-db's
# db_worker with a heartbeat), which `make run` starts beside the web server. TASKS_IMMEDIATE=true runs it inside the
# request instead (no worker needed).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if envbool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}

# Plain messages for a laptop (runserver prints each request itself). LOG_FORMAT=json for a log collector: one JSON
# object a line (socialsafe.lib.logging_json), and a line for each request with its method, path, status, duration,
# user id and school id.
LOG_FORMAT = envstr("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"text": {"format": "%(message)s"}, "json": {"()": "socialsafe.lib.logging_json.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "loggers": {"socialsafe.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
