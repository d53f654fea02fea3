"""Settings shared by every environment, safe for production as they stand.

Values come from environment variables (listed in README.md). What production
cannot run without (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS) has no default
here and fails at start-up; dev.py and test.py provide embedded defaults.
"""

import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from portal.env import env_bool, env_choices, env_int, env_list, env_required, env_str
from search.es_settings import index_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_required("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = [host.strip() for host in env_required("ALLOWED_HOSTS").split(",")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "directives",
    "search",
    "attachments",
    # Before the Wagtail apps: its catalogue completes their Vietnamese.
    "portal.admin_locale",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_celery_beat",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server, compressed and cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.IntranetLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns its lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
    # Last: it runs the page editor's saving views itself, inside a transaction.
    "portal.middleware.AtomicPageSaveMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: one URL, e.g. postgres://portal@127.0.0.1:5432/portal or sqlite:///var/db.sqlite3
# Health checks: a connection kept across requests is tested before reuse, so
# the first request after a database restart does not fail on a dead socket.
DATABASES = {
    "default": dj_database_url.parse(
        env_required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Without it `check` fails with postgres.E005 (Wagtail's search uses its lookups).
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out a username from one address after repeated failures, with a
# cool-off: keyed on username+IP so that one shared office address (NAT) can
# never lock out a whole unit, and a guessed username cannot be locked from
# elsewhere.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "directives.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.lockout.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/login/"
# An office PC left unlocked: sessions end after a working day, and on browser close.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# The account page's time zone list. Wagtail offers every name in the system's zone
# database, which on Debian includes "localtime" (a link to /etc/localtime, not a
# zone): the browser refuses it and the page stops with a RangeError.
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "posixrules"})
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail.
WAGTAIL_SITE_NAME = "Cổng chỉ đạo - Ban Tuyên giáo Tỉnh ủy"
# An intranet has no internet: no "What's new in Wagtail" banner linking out
# (directives/admin_shell.py replaces the help menu too).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Vietnamese pages at their plain URLs, English ones under /en/ (portal/urls.py).
WAGTAIL_I18N_ENABLED = True
# An intranet has no internet, and officials' text must not leave the building.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# An intranet has no internet: Gravatar would make every admin page wait on a dead host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Documents are served through Django so that the login and the unit's permission
# (directives.units.files.can_download) apply; never straight from the media folder.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = WAGTAILDOCS_MAX_UPLOAD_SIZE
# Uploads are checked by content: a document's must match its extension, an image
# must decode whole (directives/units/files.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "directives.units.files.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "directives.units.files.ImageForm"
# Off on purpose. While a report awaits approval, UnitApprovalTask locks it for everyone
# but the unit's own leaders, so the only edits made then are the leader's own. With
# reapproval on, the leader's "approve" from the editor first saved a revision, which
# restarted the task: nothing was published and the report never reached the department.
# Off, an approval (with or without a comment, from the editor or the dashboard)
# publishes the latest revision in one step. An editor's change after the department
# returns a report starts a new workflow anyway, so the leader still sees every change.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
# No autosave: on PostgreSQL under load, an autosave still in flight when Publish was
# clicked left the published report not live (tests/browser/test_scanned_and_signed.py
# failed twice in three loaded runs). A publication must never be lost; editors save
# drafts with "Lưu nháp".
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Search: Wagtail's database backend by default, Elasticsearch when configured.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env_str("ELASTICSEARCH_INDEX_PREFIX", "portal_"),
            "TIMEOUT": 5,
            # Vietnamese folding (search/es_settings.py); ICU when the server has
            # the analysis-icu plugin, as docker/elasticsearch.Dockerfile builds it.
            "INDEX_SETTINGS": index_settings(icu=env_bool("ELASTICSEARCH_ICU", False)),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Wagtail's own background work (search index, reference index, renditions)
# goes through Django's task framework; it runs in-process until a worker
# backend is configured.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Celery: Redis when REDIS_URL is set, otherwise an embedded filesystem broker
# under var/ so that a fresh machine needs no server.
REDIS_URL = env_str("REDIS_URL")
CELERY_FILESYSTEM_BROKER_DIR = VAR_DIR / "celery"
# Side effects (notices, report sends, index updates) are recorded in the
# database with the change; Celery only makes them prompt. Every
# OUTBOX_SWEEP_SECONDS beat sends/indexes whatever is still due, and a send
# claim older than SEND_CLAIM_TIMEOUT_SECONDS is a dead worker's (every send
# task's hard time limit is shorter, so a live send cannot be overtaken).
# A killed worker's report or notice therefore goes out within about
# claim timeout + one sweep (~6 minutes by default).
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 60)
SEND_CLAIM_TIMEOUT_SECONDS = env_int("SEND_CLAIM_TIMEOUT_SECONDS", 300)
# Deferred (4xx) sends are tried this many times, backing off up to an hour apart.
SEND_MAX_ATTEMPTS = env_int("SEND_MAX_ATTEMPTS", 30)
# Where reminders on demand (đôn đốc) go: e-mail through the outbox, and SMS / Zalo OA,
# which have no gateway here and write to a local outbox (directives.notices.channels).
NOTICE_CHANNELS = env_choices("NOTICE_CHANNELS", {"email", "sms", "zalo"}, ["email"])
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # An unacknowledged message (its worker died) comes back after this long. The
    # sweep does not wait for it, so it can be short; it stays above every task's
    # countdown (retry_backoff_max, directives/tasks.py), or Redis would hand the
    # waiting message out again before its time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 900)
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE

# Cache: what every signed-in user sees alike (directive articles, home's lists),
# shared by all workers through Redis when there is one, per process otherwise.
# Entries are keyed by a content generation that every publication moves on
# (directives/caching.py), so none outlives the content it was made from.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "portal")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Django's default keeps 300 entries: fewer than one entry per address,
            # reader's roles and search (directives/caching.py) on a working day.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# First wait before retrying a failed send (doubles each time, up to an hour).
CELERY_RETRY_BACKOFF_SECONDS = env_int("CELERY_RETRY_BACKOFF_SECONDS", 30)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Fixed jobs (the DatabaseScheduler copies them into its tables); report
# schedules add their own entries from the admin (directives/reports/scheduling.py).
CELERY_BEAT_SCHEDULE = {
    "unit-reminders": {
        "task": "directives.tasks.send_unit_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    "department-digest": {
        "task": "directives.tasks.send_department_digest",
        "schedule": crontab(minute=30, hour=7, day_of_week=1),
    },
    # Every hour, so a report whose run beat missed (down at the time, or more than
    # ~2 hours late, which the DatabaseScheduler drops) goes out within the hour.
    "catch-up-reports": {
        "task": "directives.tasks.catch_up_reports",
        "schedule": crontab(minute=20),
    },
    "send-pending-reports": {
        "task": "directives.tasks.reconcile_reports",
        "schedule": timedelta(seconds=OUTBOX_SWEEP_SECONDS),
    },
    "send-pending-notices": {
        "task": "directives.tasks.sweep_outbox",
        "schedule": timedelta(seconds=OUTBOX_SWEEP_SECONDS),
    },
    "index-pending-pages": {
        "task": "search.tasks.index_pending",
        "schedule": timedelta(seconds=OUTBOX_SWEEP_SECONDS),
    },
    # Wagtail's "go live at" / "expire at" happen only when this runs.
    "publish-scheduled-pages": {
        "task": "directives.tasks.publish_scheduled_pages",
        "schedule": timedelta(minutes=1),
    },
}

# Consolidated reports: when set, report recipients must be in these domains.
REPORT_RECIPIENT_DOMAINS = env_list("REPORT_RECIPIENT_DOMAINS")

# E-mail (SMTP).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cong-chi-dao@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Security: HTTPS on unless the deployment says otherwise.
HTTPS = env_bool("HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
# Container health checks call plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin frame, hence SAMEORIGIN
# (security.W019). An intranet host name cannot be on the public HSTS preload
# list (security.W021).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]
# Content Security Policy (django-csp): nothing from other origins, no plugins,
# no foreign frames or form targets. Wagtail 8's admin still runs inline
# scripts and styles (the page editor's inline panels stop working without
# them: tests/browser caught it), so both allow 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    # LOG_FORMAT=json gives one JSON object per line for the log collector.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain"),
            # Containers' log collectors read standard output.
            "stream": "ext://sys.stdout",
            # On the handler too: libraries' own loggers (wagtail, django_tasks) set
            # their level and would pass INFO records through a quieter root.
            "level": env_str("LOG_LEVEL", "INFO"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
