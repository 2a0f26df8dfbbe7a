"""Spare schemas: new units' schemas (the template's kernel tables, tenants.services.schema_clone) made ahead of
time, so a new unit's schema is a rename (instant) instead of a clone (milliseconds, mostly index builds that
PostgreSQL 16 and earlier fsync one by one).

A spare is only taken when its applied migrations match the code; `egov migrate` drops spares left behind by a
migration and makes new ones. EGOV_SPARE_SCHEMAS sets how many are kept (0: none, every unit is cloned on demand).
Provisionings run side by side (the template lock shared, `egov provision --parallel`): each claims the spare it
takes with a lock of its own, so no two take the same one; making, counting and dropping spares hold the template
lock exclusively.
"""

import secrets

from django.conf import settings
from django.db import connection, transaction

from tenants.services.schema_clone import clone_schema
from tenants.services.schema_migrations import code_fingerprint, schema_fingerprints, unit_fingerprint
from tenants.services.template import lock_template, template_fingerprint

PREFIX = "egov_spare_"
_CLAIM = "egov-spare:"


def spare_schemas() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname", [PREFIX])
        return [row[0] for row in cur.fetchall()]


def _claim(spare: str) -> bool:
    """This transaction's claim on a spare (until it ends), when no other holds it and the spare is still there
    (another provisioning may have taken it and committed since the list was read)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [_CLAIM + spare])
        if not cur.fetchone()[0]:
            return False
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [spare])  # a new statement: sees that commit
        return cur.fetchone() is not None


def take_spare(new_schema: str) -> bool:
    """Rename a current spare to `new_schema`. Call inside the provisioning transaction, holding the template lock
    (shared or not). False when there is none left to claim."""
    target = unit_fingerprint()
    for spare in spare_schemas():
        # The fingerprint is read only once the spare is claimed: another provisioning may rename an unclaimed one.
        if _claim(spare) and schema_fingerprints([spare])[spare] == target:
            with connection.cursor() as cur:
                cur.execute(f'ALTER SCHEMA "{spare}" RENAME TO "{new_schema}"')  # both names are ours, validated
            return True
    return False


def make_spares(wanted: int | None = None) -> int:
    """Top the pool up to `wanted` (default EGOV_SPARE_SCHEMAS) current spares. Returns how many were made."""
    wanted = settings.EGOV_SPARE_SCHEMAS if wanted is None else wanted
    made = 0
    while True:
        with transaction.atomic():
            lock_template()
            fingerprint = template_fingerprint()
            if fingerprint != code_fingerprint():
                return made  # the template is behind: spares would be too
            have = sum(1 for fp in schema_fingerprints(spare_schemas()).values() if fp == unit_fingerprint())
            if have >= wanted:
                return made
            clone_schema(PREFIX + secrets.token_hex(6), fingerprint)
        made += 1


def drop_stale_spares() -> int:
    """Drop spares whose migrations differ from the code's (after a migration). Returns how many."""
    target = unit_fingerprint()
    with transaction.atomic():
        lock_template()  # no provisioning is taking one meanwhile
        return drop_spares([s for s, fp in schema_fingerprints(spare_schemas()).items() if fp != target])


def drop_spares(stale: list[str] | None = None) -> int:
    """Drop the given spares (default: all of them). Returns how many."""
    with transaction.atomic(), connection.cursor() as cur:
        lock_template()
        stale = spare_schemas() if stale is None else stale
        for schema in stale:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return len(stale)
