"""Spare schemas: copies of the template made ahead of time, so a new unit's schema is a rename (instant) instead
of a clone (tens of milliseconds, mostly index builds that PostgreSQL 16 and earlier fsync one by one).

A spare is only taken when its applied migrations match the code; `egov migrate` drops spares left behind by a
migration and makes new ones. EGOV_SPARE_SCHEMAS sets how many are kept (0: none, every unit is cloned on demand).
"""

import secrets

from django.conf import settings
from django.db import connection, transaction

from tenants.services.schema_clone import clone_schema
from tenants.services.schema_migrations import code_fingerprint, schema_fingerprints
from tenants.services.template import lock_template, template_fingerprint

PREFIX = "egov_spare_"


def spare_schemas() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname", [PREFIX])
        return [row[0] for row in cur.fetchall()]


def take_spare(new_schema: str) -> bool:
    """Rename a current spare to `new_schema`. Call inside the provisioning transaction, holding the template lock
    (so two provisionings never take the same spare). False when there is none."""
    target = code_fingerprint()
    spares = spare_schemas()
    current = [s for s, fp in schema_fingerprints(spares).items() if fp == target]
    if not current:
        return False
    with connection.cursor() as cur:
        cur.execute(f'ALTER SCHEMA "{current[0]}" RENAME TO "{new_schema}"')  # both names are ours, validated
    return True


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
            have = sum(1 for fp in schema_fingerprints(spare_schemas()).values() if fp == fingerprint)
            if have >= wanted:
                return made
            clone_schema(PREFIX + secrets.token_hex(6), fingerprint)
        made += 1


def drop_stale_spares() -> int:
    """Drop spares whose migrations differ from the code's (after a migration). Returns how many."""
    target = code_fingerprint()
    return drop_spares([s for s, fp in schema_fingerprints(spare_schemas()).items() if fp != target])


def drop_spares(stale: list[str] | None = None) -> int:
    """Drop the given spares (default: all of them). Returns how many."""
    stale = spare_schemas() if stale is None else stale
    with transaction.atomic(), connection.cursor() as cur:
        for schema in stale:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return len(stale)
