"""The database servers units are placed on: `default` (the platform's own, which may hold units too) and those named
in EGOV_UNIT_DATABASES ("shard1=postgres://...,shard2=postgres://..."). Read by core/settings.py before Django is set
up, so this module imports nothing of Django's models. docs/ict/scale-out.md.
"""

import dj_database_url

ENGINE = "django_tenants.postgresql_backend"
DEFAULT = "default"
# The name the platform's own connection answers to while a unit on another server is entered
# (tenants.services.unit_context.on_server); never a server's alias.
PLATFORM = "platform"


class ServerConfigError(ValueError):
    pass


def parse(value: str | None, conn_max_age: int = 0) -> dict[str, dict]:
    """{alias: Django database settings} of EGOV_UNIT_DATABASES."""
    servers: dict[str, dict] = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        alias, sep, url = item.partition("=")
        alias = alias.strip()
        if not sep or not alias.isidentifier() or alias in (DEFAULT, PLATFORM) or alias in servers:
            raise ServerConfigError(f"EGOV_UNIT_DATABASES: {item!r} is not alias=postgres://... with a new alias "
                                    f"(letters, digits, _; not {DEFAULT!r} or {PLATFORM!r})")
        config = dj_database_url.parse(url.strip(), conn_max_age=conn_max_age)
        config["ENGINE"] = ENGINE
        servers[alias] = config
    return servers


def register(alias: str, url: str) -> None:
    """Add a server while running (the test suite, which starts its second cluster after Django is set up)."""
    from django.conf import settings
    from django.db import connections

    config = parse(f"{alias}={url}")[alias]
    settings.DATABASES[alias] = config
    connections.settings[alias] = connections.configure_settings(
        {DEFAULT: connections.settings[DEFAULT], alias: dict(config)})[alias]


def unregister(alias: str) -> None:
    from django.conf import settings
    from django.db import connections

    if alias in connections.settings:
        connections[alias].close()
        del connections.settings[alias]
    settings.DATABASES.pop(alias, None)
    if hasattr(connections._connections, alias):
        delattr(connections._connections, alias)


def unit_servers() -> list[str]:
    """Every server a unit may be on, the platform's first."""
    from django.conf import settings

    return [DEFAULT] + sorted(alias for alias in settings.DATABASES if alias != DEFAULT)
