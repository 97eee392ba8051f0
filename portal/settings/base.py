"""Settings shared by every environment; each value a deployment changes comes from
the environment (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, ELASTICSEARCH_URL,
REDIS_URL, MEDIA_ROOT)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from portal.core.hosts import SiteHostnames

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The names given here, then every Wagtail site's host name (portal.core.hosts):
# a member portal added in the admin or by create_member_site needs no change here.
# ".localhost" lets the demo's member portals (vanlam.localhost...) answer.
ALLOWED_HOSTS = SiteHostnames(
    env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: its Vietnamese admin catalogue wins over Wagtail's (docs/install.md).
    "portal.admin_vi",
    # The portal's content apps, in the order load_demo builds their content.
    "portal.core",
    "portal.legal",
    "portal.news",
    "portal.procedures",
    "portal.engagement",
    "portal.alerts",
    "portal.disclosure",
    "portal.leadership",
    "portal.organisation",
    "portal.planning",
    # The reusable libraries.
    "cms_blocks",
    "search",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that visitors served from the cache are counted too.
    "portal.engagement.middleware.OnlineCounterMiddleware",
    # Outside session, CSRF, auth and CSP so that it sees the cookies they set.
    "portal.core.caching.pages.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language follows the path: "/en/..." English, everything else Vietnamese.
    "portal.core.locales.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which turns away hosts not allowed.
    "portal.core.routing.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "builtins": ["portal.core.templatetags.portal_tags"],
        },
    },
]

# Database: SQLite file by default (the embedded default), PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if "DATABASE_URL" not in os.environ:
    # The embedded SQLite file lives in var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers never wait for the writer, and a commit costs
    # no flush to disk (one at each checkpoint). A killed process loses nothing
    # committed; a power cut may lose the last commits before the checkpoint.
    # The mail queue marks each mail sent in its own commit (portal.core.mail):
    # with the default journal each of those cost a flush, 6 ms.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How many entries each process's memory caches hold. A site's pages need some thirty
# (its fragments, versions and cached pages, most under a kilobyte): Django's default
# of 300 made a province with 200 member portals evict one portal's entries to store
# the next one's, and render every page afresh (benchmarks/sites.py).
PORTAL_LOCAL_CACHE_ENTRIES = int(os.environ.get("PORTAL_LOCAL_CACHE_ENTRIES", "20000"))

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its Redis clients (see the module).
            "BACKEND": "portal.core.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "OPTIONS": {"MAX_ENTRIES": PORTAL_LOCAL_CACHE_ENTRIES},
        }
    }
# Wagtail's rendition lookups stay in process memory: a Redis outage must not turn
# every page with an image into an error page.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Fragments keyed by a content version never change: each process keeps those it
# used in memory as well, and asks the shared cache only for the version
# (portal.core.caching). Bounded: a fragment is a few kilobytes of HTML at most.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": PORTAL_LOCAL_CACHE_ENTRIES},
}

# Whole pages for anonymous visitors, invalidated by every content change (see
# portal/core/caching/pages.py). On by default only with a cache shared by all processes.
PORTAL_PAGE_CACHE_SECONDS = int(
    os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0")
)
# Fragments every page shares (menus, footer, home lists), keyed by the same content
# version (portal.core.caching); shared with several processes, so Redis only.
PORTAL_FRAGMENT_CACHE_SECONDS = int(
    os.environ.get("PORTAL_FRAGMENT_CACHE_SECONDS", "3600" if REDIS_URL else "0")
)
# How far apart the clocks of the servers sharing that cache may be: a part built
# within this time after a publish is shown but not kept (portal.core.caching).
PORTAL_CACHE_CLOCK_SKEW_SECONDS = float(
    os.environ.get("PORTAL_CACHE_CLOCK_SKEW_SECONDS", "0.5")
)

# Admin login rate limiting (django-axes): after AXES_FAILURE_LIMIT failed logins for
# one user name from one address, that pair waits AXES_COOLOFF_TIME. Pairs, not bare
# addresses, because many civil servants share one office NAT address.
AUTHENTICATION_BACKENDS = [
    "portal.core.security.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.core.security.client_ip"
#: Reverse proxies in front of the app that append to X-Forwarded-For.
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first.
LANGUAGE_CODE = "vi"
# Each language is named in itself: the language switch shows these names.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Uploads: refuse very large request bodies before they reach the views.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Cổng thông tin điện tử tỉnh")
# The admin's address in Wagtail's notification e-mails; public addresses come from
# each site's hostname and port (portal.core.absolute_urls).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Translatable pages: each language has its own tree, a translation of the site's
# root, served under its prefix ("/en/"); portal.core.locales.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Wagtail's own login form leaves "Password" untranslated (no field label).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.core.admin_forms.PortalLoginForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin calls no outside service: portals often run on a closed government
# network, and editors' e-mail hashes should not leave it.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
    "zip",
    "rar",
]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A small file can hold a huge image (an 11,000 x 11,000 PNG is 353 KB) whose
# renditions take a worker gigabytes: 40 megapixels is more than any camera
# photo a portal shows. The form says the image's real size when it refuses.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.core.images.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# No WAGTAILAPI_BASE_URL: the API's detail_url, download_url and html_url then take
# their base from the site, as every absolute address does (portal.core.absolute_urls).
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# The portal's own search engines, chosen by dotted path (like CACHES).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
PORTAL_SEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.engines.database",
    }
}
if ELASTICSEARCH_URL:
    PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal"),
            "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "0.75")),
            # auto (asks the cluster), elasticsearch or opensearch.
            "DISTRIBUTION": os.environ.get("ELASTICSEARCH_DISTRIBUTION", "auto"),
        },
        "fallback": {"BACKEND": "search.engines.database"},
    }

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Security headers that hold everywhere; production.py adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: the admin needs inline styles and scripts; the public
# templates use neither inline scripts nor third-party hosts except video embeds.
from csp.constants import NONCE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],
        "frame-src": [
            SELF,
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
    },
}

# Mail goes to the SMTP server named by EMAIL_HOST; without one it is printed on
# the console (development). Citizens' mail is queued first (portal.core.mail).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in ("1", "true", "yes")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") in ("1", "true", "yes")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@portal.local")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The client logs every retry with a full traceback; search.indexing and
        # search.service already log one line per failure.
        "elastic_transport": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Lockouts are warnings; single failures and the start-up banner are noise.
        "axes": {"level": "WARNING"},
    },
}
