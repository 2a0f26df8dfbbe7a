"""What would stop the installation from moving onto Citus schema-based sharding (Citus 12+), read from the catalogue.

On Citus each unit's schema becomes one distributed schema (`citus_schema_distribute`): its tables live together on
one worker node and can be moved between nodes; the platform's tables in public become reference tables, copied to
every node. What Citus documents as unsupported in that layout:

- a foreign key between two distributed schemas, or from a reference table into a distributed schema; a foreign key
  from a distributed schema into public is allowed only to a reference table - the project keeps none at all
  (tenants.services.references), so the check lists every one;
- the rule system (CREATE RULE);
- moving a schema between nodes copies it with logical replication: every table needs a primary key (or a replica
  identity), including the public tables that become reference tables;
- a column default that draws from a sequence in another schema (the sequence would stay behind);
- partitioned tables partitioned again (multi-level partitioning).

Warnings do not block but need a setting or care: triggers (Citus runs them only with `citus.enable_unsafe_triggers`)
and sequences smaller than bigint (unsafe for inserts made on worker nodes). The template schema has every unit
table, so it stands for all units; the command also reads the units' schemas you name.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Finding:
    severity: str  # "blocking" | "warning"
    kind: str
    schema: str
    obj: str
    detail: str

    def __str__(self):
        return f"{self.severity}\t{self.kind}\t{self.schema}\t{self.obj}\t{self.detail}"


_FOREIGN_KEYS_ACROSS = """
    SELECT rn.nspname, r.relname || '.' || c.conname, fn.nspname || '.' || f.relname
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_class r ON r.oid = c.conrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
    JOIN pg_catalog.pg_class f ON f.oid = c.confrelid JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
    WHERE c.contype = 'f' AND rn.nspname <> fn.nspname AND (rn.nspname = ANY(%(schemas)s) OR fn.nspname = ANY(%(schemas)s))
    ORDER BY 1, 2
"""
_RULES = """
    SELECT n.nspname, c.relname || '.' || r.rulename FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE r.rulename <> '_RETURN' AND n.nspname = ANY(%(all)s) ORDER BY 1, 2
"""
_NO_PRIMARY_KEY = """
    SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(all)s) AND NOT c.relispartition
      AND c.relreplident <> 'f'
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND (i.indisprimary OR i.indisreplident))
    ORDER BY 1, 2
"""
_FOREIGN_SEQUENCES = """
    SELECT n.nspname, c.relname || '.' || a.attname, sn.nspname || '.' || s.relname
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid AND d.classid = 'pg_catalog.pg_attrdef'::regclass
    JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ad.adnum
    JOIN pg_catalog.pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
    JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
    WHERE n.nspname = ANY(%(schemas)s) AND sn.nspname <> n.nspname ORDER BY 1, 2
"""
_MULTI_LEVEL_PARTITIONS = """
    SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'p' AND c.relispartition AND n.nspname = ANY(%(all)s) ORDER BY 1, 2
"""
_TRIGGERS = """
    SELECT n.nspname, count(*) FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND n.nspname = ANY(%(all)s) GROUP BY 1 ORDER BY 1
"""
_SMALL_SEQUENCES = """
    SELECT sn.nspname, count(*) FROM pg_catalog.pg_sequence q JOIN pg_catalog.pg_class s ON s.oid = q.seqrelid
    JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
    WHERE q.seqtypid <> 'pg_catalog.int8'::regtype AND sn.nspname = ANY(%(schemas)s) GROUP BY 1 ORDER BY 1
"""


def _rows(sql: str, schemas: list[str]) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, {"schemas": schemas, "all": [*schemas, "public"]})
        return cur.fetchall()


def findings(schemas: list[str] | None = None) -> list[Finding]:
    """Everything that would block (or need care in) Citus schema-based sharding, for these unit schemas (default:
    the template, which has every unit table) and public."""
    schemas = list(schemas or [settings.EGOV_TEMPLATE_SCHEMA])
    found = [Finding("blocking", "foreign_key_across_schemas", s, name, f"-> {target}")
             for s, name, target in _rows(_FOREIGN_KEYS_ACROSS, schemas)]
    found += [Finding("blocking", "rule", s, name, "the rule system is not supported")
              for s, name in _rows(_RULES, schemas)]
    found += [Finding("blocking", "no_primary_key", s, table, "needs a primary key or replica identity to move")
              for s, table in _rows(_NO_PRIMARY_KEY, schemas)]
    found += [Finding("blocking", "sequence_in_other_schema", s, column, f"default draws from {sequence}")
              for s, column, sequence in _rows(_FOREIGN_SEQUENCES, schemas)]
    found += [Finding("blocking", "multi_level_partitioning", s, table, "a partition that is partitioned again")
              for s, table in _rows(_MULTI_LEVEL_PARTITIONS, schemas)]
    found += [Finding("warning", "triggers", s, f"{n} triggers", "set citus.enable_unsafe_triggers")
              for s, n in _rows(_TRIGGERS, schemas)]
    found += [Finding("warning", "small_sequences", s, f"{n} sequences",
                      "smaller than bigint: insert through the coordinator only")
              for s, n in _rows(_SMALL_SEQUENCES, schemas)]
    return found


def blocking(schemas: list[str] | None = None) -> list[Finding]:
    return [f for f in findings(schemas) if f.severity == "blocking"]
