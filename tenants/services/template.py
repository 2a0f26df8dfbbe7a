"""The template schema every unit is cloned from, and the lock that keeps clones and its upkeep apart.

One lock per database server: clones take it shared, upkeep (migrating the template, making or dropping spares)
exclusive. So a half-migrated template is never copied, while clones run side by side (`egov provision --parallel`):
each runs its own DDL script (tenants.services.schema_clone) and only reads the template, no function of a process
is redefined under another, and on PostgreSQL 16 and earlier most of a clone is waiting for the disk (each index
build fsyncs its file), waits that clones side by side overlap (docs/ict/benchmarks.md).
"""

from django.conf import settings
from django.db import connection, transaction

from tenants.services.schema_migrations import code_fingerprint, migrate_schema, schema_fingerprints

_LOCK_KEY = "egov-template"


def lock_template(shared: bool = False) -> None:
    """Held until the transaction ends. Exclusive for the template's upkeep; `shared` for a clone (clones side by
    side, never one of a half-migrated template)."""
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cur:
        cur.execute(f"SELECT {function}(hashtext(%s))", [_LOCK_KEY])


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
