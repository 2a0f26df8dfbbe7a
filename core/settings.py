"""Settings of the platform. Every value a deployment may change is read through core.env (see `egov config`)."""

from pathlib import Path

import dj_database_url

from core.env import env, env_bool, env_int
from core.modules.periodic import beat_schedule
from core.modules.registry import load_manifests, module_apps

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me", "Django's secret key; set a long random value in production.")
DEBUG = env_bool("DEBUG", False, "Django debug pages; never on in production.")
PRODUCTION = env_bool("EGOV_PRODUCTION", False, "Production mode: GraphiQL and introspection off for anonymous callers; "
                      "HTTPS only (HSTS, Secure cookies); refuses to start without a real SECRET_KEY or with DEBUG on.")
DEFAULT_SECRET_KEY = "insecure-development-key-change-me"
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    # The default key is published in the source: anything signed with it (sessions, payment callbacks) is forgeable.
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY or "") < 50 or len(set(SECRET_KEY or "")) < 5:
        raise ImproperlyConfigured("EGOV_PRODUCTION=1 needs SECRET_KEY set to a random value of 50 characters or more "
                                   "(python -c 'import secrets; print(secrets.token_urlsafe(64))'); the default is public.")
    if DEBUG:
        raise ImproperlyConfigured("EGOV_PRODUCTION=1 and DEBUG=1 do not go together: debug pages show settings and data.")
ALLOWED_HOSTS = (env("ALLOWED_HOSTS", "*", "Comma-separated host names the platform answers to.") or "*").split(",")

# --- Database: one PostgreSQL database, one schema per unit (django-tenants) ---
_database_url = env("DATABASE_URL", None, "PostgreSQL URL. Unset: an embedded PostgreSQL under .data/pg is started.")
if not _database_url:
    from core.dbserver import embedded_database_url

    _database_url = embedded_database_url()
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, "Seconds a DB connection is kept."))}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Under django-tenants' backend: Django's, without the `_like` indexes no query on a unit's tables uses (core/postgresql).
ORIGINAL_BACKEND = "core.postgresql"
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", None, "Name of the database the test suite creates.")}
# More database servers for units' schemas (scale-out, docs/ict/scale-out.md); the platform's tables stay on default.
from tenants.database_servers import parse as _parse_unit_databases  # noqa: E402 - plain data, no Django models

DATABASES.update(_parse_unit_databases(env(
    "EGOV_UNIT_DATABASES", "", "More PostgreSQL servers for units' schemas, comma-separated alias=URL (e.g. "
    "shard1=postgres://egov@db2/egov); each is prepared by `egov servers prepare ALIAS`."),
    conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]))
DATABASE_ROUTERS = ["tenants.routers.UnitPlacementRouter", "django_tenants.routers.TenantSyncRouter"]
# Set search_path only when the unit changes, not before every query (halves the round trips of a request).
TENANT_LIMIT_SET_CALLS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TENANT_MODEL = "tenants.Unit"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# The schema every new unit is cloned from; kept at the latest migration by `egov migrate`.
EGOV_TEMPLATE_SCHEMA = "egov_template"
EGOV_SPARE_SCHEMAS = env_int("EGOV_SPARE_SCHEMAS", 2, "Copies of the template kept ready so a unit is created by a "
                             "rename (see tenants/services/spares.py); 0 turns this off.")
# A transaction-mode pooler would mix tenants' search_path: use session pooling or none.

SHARED_APPS = [
    "core",  # no models: its management commands (egov demo, egov config)
    "tenants",  # before django_tenants: its `migrate` (the fleet migration) replaces django-tenants' one
    "django_tenants",
    "core.accounts",
    "core.modules",
    "core.calendar",  # working-day clock: calendar days and office hours (public schema)
    "core.web",  # the shared web layout (templates/web/base.html) and the workspace's navigation; no models
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "core.api",  # before graphene_django: its graphql_schema command replaces graphene-django's
    "graphene_django",
    # Its own generic tables stay on the platform, unused; units keep theirs in core.objectperms (no foreign key
    # from a unit's schema into public: each one puts triggers on the public table, per unit).
    "guardian",
]
# Apps whose tables live in every unit's schema. Their references to public rows carry no database constraint
# (db_constraint=False); tenants.services.references keeps them whole.
TENANT_APPS = [
    "core.objectperms",
    "core.audit",  # the unit's tamper-evident audit log
    "tenants.messaging",
]
# Modules (modules/*) always; plug-ins only when allowed here, never because they are installed (docs/plugins).
EGOV_PLUGINS = [p.strip() for p in (env("EGOV_PLUGINS", "", "Comma-separated ids of the plug-ins allowed to load "
                "(e.g. notify); installed plug-ins not listed are ignored.") or "").split(",") if p.strip()]
_modules = load_manifests(EGOV_PLUGINS)  # manifests are plain data: read before Django is set up
SHARED_APPS += [a for a in module_apps(shared=True, manifests=_modules) if a not in SHARED_APPS]
TENANT_APPS += [a for a in module_apps(shared=False, manifests=_modules) if a not in TENANT_APPS]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "core.accounts.backends.UnitRoleBackend",  # first: a role's permission answers without ModelBackend's queries
    "core.accounts.backends.PasswordBackend",  # Django's ModelBackend, throttled (core.accounts.signin)
    # Object permissions in the unit (django-guardian's rows), read by ids, not through guardian's joins of the
    # platform's tables (docs/ict/scale-out.md): guardian's own backend is not named, hence guardian.W001 silenced.
    "core.objectperms.backends.UnitObjectPermissionBackend",
]
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
# Single sign-on with the province's OpenID Connect provider (core/accounts/oidc.py), beside the local accounts.
EGOV_OIDC_CLIENT_ID = env("EGOV_OIDC_CLIENT_ID", "", "Client id at the province's OpenID Connect provider; empty: "
                          "single sign-on is off and only local accounts sign in.") or ""
EGOV_OIDC_MATCH = env("EGOV_OIDC_MATCH", "email", "The claim that names the person: 'email' (verified e-mail, "
                      "matched case-insensitively) or 'preferred_username' (the username here).") or "email"
EGOV_OIDC_LABEL = env("EGOV_OIDC_LABEL", "Đăng nhập một lần của tỉnh", "The sign-in button's text.")
_oidc = {name: env(variable, default, text) for name, variable, default, text in (
    ("OIDC_RP_CLIENT_SECRET", "EGOV_OIDC_CLIENT_SECRET", "", "The client's secret at the provider."),
    ("OIDC_OP_AUTHORIZATION_ENDPOINT", "EGOV_OIDC_AUTHORIZATION_ENDPOINT", "", "The provider's authorization URL."),
    ("OIDC_OP_TOKEN_ENDPOINT", "EGOV_OIDC_TOKEN_ENDPOINT", "", "The provider's token URL."),
    ("OIDC_OP_USER_ENDPOINT", "EGOV_OIDC_USERINFO_ENDPOINT", "", "The provider's userinfo URL."),
    ("OIDC_OP_JWKS_ENDPOINT", "EGOV_OIDC_JWKS_ENDPOINT", "", "The provider's signing keys (JWKS) URL."),
    ("OIDC_RP_SIGN_ALGO", "EGOV_OIDC_SIGN_ALGO", "RS256", "The id_token's signing algorithm."))}
if EGOV_OIDC_CLIENT_ID:
    OIDC_RP_CLIENT_ID = EGOV_OIDC_CLIENT_ID
    globals().update(_oidc)
    AUTHENTICATION_BACKENDS.append("core.accounts.oidc.ProvinceSignOn")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # one identity per person, invited into units: never an account made by signing in
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL = "/don-vi/"
LOGIN_REDIRECT_URL_FAILURE = "/dang-nhap/?mot-lan=loi"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.accounts.passwords.VietnameseCommonPasswordValidator"},
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row is created per schema
GUARDIAN_USER_OBJ_PERMS_MODEL = "objectperms.UnitUserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "objectperms.UnitGroupObjectPermission"

MIDDLEWARE = [
    "core.metrics.requests.RequestMetricsMiddleware",  # outermost: counts and times every answer (bounded labels)
    "core.security_headers.ContentSecurityPolicyMiddleware",  # outermost: every answer carries the policy
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.input_middleware.UnsafeInputMiddleware",  # NUL and lone surrogates: 400 before anything reads them
    "tenants.middleware.UnitMiddleware",
    "core.logs.context.RequestContextMiddleware",  # request id and unit code for the logs (core.logs)
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.api.middleware.TokenAuthMiddleware",  # Authorization: Bearer; before the membership check
    "core.accounts.middleware.MembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "core.urls_unit"
PUBLIC_SCHEMA_URLCONF = "core.urls_platform"
# The gateway: on the platform host, this header names the unit a request is for (see docs/ict/addressing.md).
EGOV_UNIT_HEADER = "X-Egov-Unit"
EGOV_BASE_DOMAIN = env("EGOV_BASE_DOMAIN", "localhost", "Each new unit gets the domain <schema>.<this> (u-40.localhost resolves locally).")
# Client addresses (rate limits) come from X-Forwarded-For only through these proxies (core/client_address.py).
EGOV_TRUSTED_PROXIES = [p.strip() for p in (env("EGOV_TRUSTED_PROXIES", "", "Comma-separated addresses or networks "
                        "(CIDR) of the reverse proxies in front of the platform; only they may name the client's "
                        "address in X-Forwarded-For. Empty: the connection's address is the client's.") or "").split(",")
                        if p.strip()]
PLATFORM_HOSTS = (env("PLATFORM_HOSTS", "localhost,127.0.0.1,testserver", "Hosts that serve the platform and the gateway.") or "").split(",")
# The platform's public address: links that leave a request (QR codes, SMS, e-mails) are built on it
# (core/public_address.py); e.g. the look-up page is <EGOV_PUBLIC_URL>/tra-cuu/?ma=<dossier code>.
EGOV_PUBLIC_URL = env("EGOV_PUBLIC_URL", "", "Public base address of the platform as citizens reach it, e.g. "
                      "https://dichvucong.nghean.gov.vn (QR codes of printed receipts, SMS, e-mails, invitations). "
                      "Unset: http://<first of PLATFORM_HOSTS>.")

# Citizens' own online submissions (no account): accepted ones counted per client address and per phone number.
EGOV_ONLINE_SUBMISSIONS_PER_CLIENT = env_int("EGOV_ONLINE_SUBMISSIONS_PER_CLIENT", 10,
                                             "Online submissions accepted from one client address per 10 minutes.")
EGOV_ONLINE_SUBMISSIONS_PER_PHONE = env_int("EGOV_ONLINE_SUBMISSIONS_PER_PHONE", 10,
                                            "Online submissions accepted for one phone number per hour.")
# The second factor at sign-in (core/accounts/second_factor.py): anyone may turn it on; holders of these roles must.
EGOV_SECOND_FACTOR_ROLES = [r.strip() for r in (env("EGOV_SECOND_FACTOR_ROLES", "", "Comma-separated role codes "
                            "(e.g. leader) whose holders must sign in with an authenticator app's code as well as "
                            "their password. Empty: the second factor is optional for everyone.") or "").split(",")
                            if r.strip()]
# The virus-scan hook of files citizens upload on the portal (modules/portal/services/scanning.py).
EGOV_UPLOAD_SCANNER = env("EGOV_UPLOAD_SCANNER", "", "Dotted path of a callable scan(name, content) -> str | None "
                          "that checks each file a citizen uploads (the name of what it found refuses the file). "
                          "Empty: files are not scanned.")

# --- HTTPS and browser protections (docs/ict/security.md); `egov check --deploy` is clean with EGOV_PRODUCTION=1 ---
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION, "Redirect plain HTTP to HTTPS (on in production).")
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$"]  # the load balancer's health checks may speak plain HTTP
EGOV_METRICS_TOKEN = env("EGOV_METRICS_TOKEN", "", "Token that may read /metrics/ (Prometheus), sent as "
                         "'Authorization: Metrics <token>'. With neither "
                         "this nor EGOV_METRICS_ADDRESSES, /metrics/ answers 404.") or ""
EGOV_METRICS_ADDRESSES = [a.strip() for a in (env("EGOV_METRICS_ADDRESSES", "", "Comma-separated addresses or "
                          "networks that may read /metrics/ without the token (e.g. the Prometheus server).") or "")
                          .split(",") if a.strip()]
# The national document axis or the province's LGSP (modules/documents/services/axis.py, docs/modules/exchange.md).
EGOV_DOCUMENT_AXIS_URL = env("EGOV_DOCUMENT_AXIS_URL", "", "Base URL of the document exchange axis (the national "
                             "axis or the province's LGSP) receiving and handing out edXML messages. Empty: "
                             "documents go outside the installation by file only.") or ""
EGOV_DOCUMENT_AXIS_TOKEN_URL = env("EGOV_DOCUMENT_AXIS_TOKEN_URL", "", "OAuth 2 token endpoint of the axis "
                                   "(client credentials). Empty: <EGOV_DOCUMENT_AXIS_URL>/oauth/token.") or ""
EGOV_DOCUMENT_AXIS_CLIENT_ID = env("EGOV_DOCUMENT_AXIS_CLIENT_ID", "", "OAuth 2 client id the axis gave the "
                                   "installation.") or ""
EGOV_DOCUMENT_AXIS_CLIENT_SECRET = env("EGOV_DOCUMENT_AXIS_CLIENT_SECRET", "", "OAuth 2 client secret of "
                                       "EGOV_DOCUMENT_AXIS_CLIENT_ID.") or ""
EGOV_READINESS_TIMEOUT_MS = env_int("EGOV_READINESS_TIMEOUT_MS", 2000, "How long readiness (/health/) waits for "
                                    "each of the database, the broker and the cache, in milliseconds.")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0,
                              "Strict-Transport-Security max-age in seconds (a year in production; 0: none).")
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION  # every unit's subdomain is HTTPS as well
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION, "Allow browsers' HSTS preload lists.")
# Behind the TLS-terminating proxy (EGOV_TRUSTED_PROXIES), which must set X-Forwarded-Proto itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if EGOV_TRUSTED_PROXIES else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
EGOV_CONTENT_SECURITY_POLICY = env(
    "EGOV_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
    "Content-Security-Policy header of every page (empty: none).")

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
                "core.web.context.workspace",  # the workspace's navigation, computed only where shown
            ]
        },
    }
]
WSGI_APPLICATION = "core.wsgi.application"

# --- Cache: keys are prefixed with the unit's schema (django-tenants) so units never share entries ---
_cache_url = env("CACHE_URL", None, "Redis URL for the cache (redis://...). Unset: a file cache under .data/cache.")
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(BASE_DIR / ".data" / "cache")}}
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"

# --- Celery ---
# Embedded default: kombu's SQLAlchemy transport on the same PostgreSQL, durable and needing no other service.
# psycopg2 named explicitly: SQLAlchemy 2.1 defaults postgresql:// to psycopg 3, which is not installed.
_default_broker = "sqla+postgresql+psycopg2://" + _database_url.split("://", 1)[1]
CELERY_BROKER_URL = env("CELERY_BROKER_URL", _default_broker, "Celery broker: redis://... or amqp://...; unset: the database.")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_IMPORTS = ["core.tasks", "tenants.unit_tasks"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE: dict = {
    # Messages between units whose delivery task was lost (a broker restart) are queued again.
    "messaging-sweep": {"task": "tenants.messaging.tasks.sweep", "schedule": 120.0},
    "broker-housekeeping": {"task": "core.tasks.purge_consumed_broker_messages", "schedule": 3600.0},
    # Units' rows left by a deleted person or permission whose repair task was lost (tenants.services.references).
    "unit-references-repair": {"task": "tenants.tasks.repair_references_task", "schedule": 86400.0},
}
CELERY_BEAT_SCHEDULE.update(beat_schedule(_modules))  # modules' tasks, each fanned out to the units that enabled it

# --- E-mail (notices, sign-in lock-out notices, invitations) ---
EMAIL_BACKEND = env("EGOV_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend",
                    "Django e-mail backend. `egov demo` sets django.core.mail.backends.console.EmailBackend: mail is "
                    "printed by the process that sends it.")

# --- Language, time ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Vietnamese is the source language (the msgids); each app carries its English catalogue in <app>/locale/, found
# through INSTALLED_APPS, so no project-wide path is needed (core.i18n, `egov translations`).
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
LOGIN_URL = "/admin/login/"

# --- GraphQL API: limits checked before any resolver runs (see docs/api/README.md) ---
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 10, "Deepest selection nesting a GraphQL query may have.")
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 5000, "Highest cost of a GraphQL query (1 per field, lists times `first`).")
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 20, "Most aliases a GraphQL document may use.")
GRAPHQL_MAX_BATCH = env_int("GRAPHQL_MAX_BATCH", 10, "Most operations in one batched GraphQL request.")
GRAPHQL_MAX_QUERY_CHARS = env_int("GRAPHQL_MAX_QUERY_CHARS", 20000, "Longest GraphQL document accepted, in characters.")
GRAPHQL_MAX_PAGE_SIZE = env_int("GRAPHQL_MAX_PAGE_SIZE", 100, "Largest `first`/`last` of a GraphQL list.")
GRAPHQL_DEFAULT_PAGE_SIZE = env_int("GRAPHQL_DEFAULT_PAGE_SIZE", 20, "Page size of a GraphQL list without `first`/`last`.")
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 10000, "Most lexical tokens of one GraphQL document (checked while "
                             "parsing).")
GRAPHQL_MAX_SELECTIONS = env_int("GRAPHQL_MAX_SELECTIONS", 2000, "Most selections (fields, fragment spreads, "
                                 "directives) of one request, all its operations together, counted before validation.")
GRAPHQL_MAX_REPEATS = env_int("GRAPHQL_MAX_REPEATS", 10, "Most times one response name or fragment spread may repeat "
                              "in one selection set.")
GRAPHQL_MAX_FRAGMENTS = env_int("GRAPHQL_MAX_FRAGMENTS", 100, "Most fragment definitions of one GraphQL document.")
GRAPHQL_MAX_BODY_BYTES = env_int("GRAPHQL_MAX_BODY_BYTES", 2_000_000, "Largest GraphQL request body, in bytes.")
GRAPHQL_VALIDATION_MS = env_int("GRAPHQL_VALIDATION_MS", 1000, "CPU time (of the request's thread) the validation of one request may take, in ms.")
# Anonymous callers (citizens' look-up, anyone on the Internet) get tighter limits.
GRAPHQL_ANONYMOUS_MAX_QUERY_CHARS = env_int("GRAPHQL_ANONYMOUS_MAX_QUERY_CHARS", 4000,
                                            "Characters of all the documents of an anonymous request.")
GRAPHQL_ANONYMOUS_MAX_BODY_BYTES = env_int("GRAPHQL_ANONYMOUS_MAX_BODY_BYTES", 256_000,
                                          "Largest anonymous GraphQL request body (online applications included).")
GRAPHQL_ANONYMOUS_MAX_TOKENS = env_int("GRAPHQL_ANONYMOUS_MAX_TOKENS", 1000, "Most tokens of an anonymous document.")
GRAPHQL_ANONYMOUS_MAX_SELECTIONS = env_int("GRAPHQL_ANONYMOUS_MAX_SELECTIONS", 200,
                                           "Most selections of an anonymous request.")
GRAPHQL_ANONYMOUS_MAX_FRAGMENTS = env_int("GRAPHQL_ANONYMOUS_MAX_FRAGMENTS", 10,
                                          "Most fragment definitions of an anonymous document.")
GRAPHQL_ANONYMOUS_MAX_BATCH = env_int("GRAPHQL_ANONYMOUS_MAX_BATCH", 3, "Most operations in an anonymous batch.")
GRAPHQL_ANONYMOUS_MAX_ALIASES = env_int("GRAPHQL_ANONYMOUS_MAX_ALIASES", 10, "Most aliases of an anonymous document.")
GRAPHQL_ANONYMOUS_VALIDATION_MS = env_int("GRAPHQL_ANONYMOUS_VALIDATION_MS", 250,
                                          "CPU time the validation of an anonymous request may take, in ms.")
GRAPHQL_TIME_LIMIT_MS = env_int("GRAPHQL_TIME_LIMIT_MS", 5000, "Time limit of one GraphQL operation (and of its SQL), in ms.")
# Files through the API: the GraphQL multipart request spec (core/api/multipart.py). The modules' own limits (a unit's
# max_file_mb, max_scan_mb, max_attachment_mb) still apply to each file after these.
GRAPHQL_UPLOAD_MAX_REQUEST_BYTES = env_int("GRAPHQL_UPLOAD_MAX_REQUEST_BYTES", 52_428_800, "Largest multipart GraphQL "
                                           "request (files and operations together), in bytes; refused before it is "
                                           "read. 50 MiB, nginx's client_max_body_size in deploy/.")
GRAPHQL_UPLOAD_MAX_FILE_BYTES = env_int("GRAPHQL_UPLOAD_MAX_FILE_BYTES", 20_971_520, "Largest file of a multipart "
                                        "GraphQL request, in bytes (20 MiB).")
GRAPHQL_UPLOAD_MAX_FILES = env_int("GRAPHQL_UPLOAD_MAX_FILES", 10, "Most files of one multipart GraphQL request.")
GRAPHQL_ANONYMOUS_UPLOAD_MAX_FILES = env_int("GRAPHQL_ANONYMOUS_UPLOAD_MAX_FILES", 5, "Most files of one anonymous "
                                             "multipart GraphQL request (an online submission's attachments).")
GRAPHQL_ANONYMOUS_UPLOADS_PER_CLIENT = env_int("GRAPHQL_ANONYMOUS_UPLOADS_PER_CLIENT", 20, "Multipart GraphQL "
                                               "requests an anonymous client address may send in 10 minutes, refused "
                                               "ones included.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.json_formatter.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             **({"formatter": "json"} if env_bool("EGOV_JSON_LOGS", False, "Logs as one JSON object a "
                                "line with the request id and the unit code (for a log collector).") else {})}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING", "Log level of the platform.")},
}
