"""The template schema every unit is cloned from, and the lock that keeps clones and its upkeep apart."""

from django.conf import settings
from django.db import connection, transaction

from tenants.services.schema_migrations import code_fingerprint, migrate_schema, schema_fingerprints

_LOCK_KEY = "egov-template"


def lock_template() -> None:
    """Held until the transaction ends: one clone or template upkeep at a time, never a clone of a half-migrated template."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_LOCK_KEY])


def template_fingerprint() -> str | None:
    return schema_fingerprints([settings.EGOV_TEMPLATE_SCHEMA])[settings.EGOV_TEMPLATE_SCHEMA]


def template_is_current() -> bool:
    return template_fingerprint() == code_fingerprint()


def ensure_template() -> bool:
    """Create or migrate the template so it matches the code. Returns True when it had to change."""
    if template_is_current():
        return False
    with transaction.atomic():
        lock_template()
        if template_is_current():  # another process did it while we waited
            return False
        migrate_schema(settings.EGOV_TEMPLATE_SCHEMA)
    return True
