"""References from a unit's schema to shared rows in public, kept without database constraints.

A foreign key from a unit's table into public puts two triggers on the public table per unit: with thousands of
units every provisioning rebuilds huge trigger caches, and deleting a person checks every unit's table at once (and
runs out of lock memory). So a unit references people, groups, permissions, content types and catalogue versions by
value, and keeps them whole here:

- every ForeignKey from a unit app to a shared app is declared db_constraint=False, on_delete=DO_NOTHING (the
  deletion collector runs in the deleting request's schema, usually public, where unit tables do not exist);
  `reference_problems()` lists the fields that are not (a test keeps it empty);
- a model may name plain id columns that point at shared rows in `shared_references` ({"column": "app.Model"});
- `dangling()` lists, per unit, the references whose target row is gone (`egov check-references`): a catalogue read,
  then one statement per REFERENCE_BATCH units, each in its own transaction (locks are released between them). On
  the platform's server the statement looks each reference up in public's table; on another server (where public's
  tables are foreign tables, docs/ict/scale-out.md) it reads the units' keys, and one statement on the platform's
  connection reads which of them exist: keys compared, no join through a foreign table;
- `foreign_keys_into_public()` lists constraints into public still there (a unit archived before the change was
  never migrated), `drop_foreign_keys_into_public()` drops them;
- `repair_unit()` removes what a deleted shared row leaves behind in one unit: a row that must reference it is
  deleted (an object permission of a deleted person), an optional reference is cleared (a dossier's assignee).
  Plain id columns are only reported. After a shared row is deleted, `repair_references()` runs on a worker.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, models, transaction

from tenants.database_servers import DEFAULT
from tenants.services.across_schemas import on_each_server, placed, union_all

# Units read per statement: a statement over many schemas takes a lock on each table it reads until it ends.
REFERENCE_BATCH = 20
SAMPLE = 5  # missing ids shown per reference


@dataclass(frozen=True)
class Reference:
    model: str  # "objectperms.UnitUserObjectPermission"
    table: str
    column: str
    target: str  # "accounts.User"
    target_table: str
    target_column: str
    nullable: bool
    repairable: bool  # a foreign key (rows deleted or cleared); a plain id column is only reported

    def __str__(self):
        return f"{self.model}.{self.column} -> {self.target}"


@dataclass
class Dangling:
    reference: Reference
    count: int
    sample: list


def _unit_only_apps() -> set[str]:
    shared = set(settings.SHARED_APPS)
    return {name for name in settings.TENANT_APPS if name not in shared}


def _unit_models() -> list[type[models.Model]]:
    unit_apps = _unit_only_apps()
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.app_config.name in unit_apps]


def _is_shared(model) -> bool:
    return model._meta.app_config.name not in _unit_only_apps()


def _reference(model, column: str, target, nullable: bool, repairable: bool, target_column: str | None = None):
    return Reference(model._meta.label, model._meta.db_table, column, target._meta.label, target._meta.db_table,
                     target_column or target._meta.pk.column, nullable, repairable)


@lru_cache(maxsize=1)
def unit_references() -> tuple[Reference, ...]:
    """Every reference from a unit table (M2M through tables included) to a shared table."""
    found = []
    for model in _unit_models():
        for field in model._meta.local_fields:
            if field.is_relation and (field.many_to_one or field.one_to_one) and _is_shared(field.related_model):
                found.append(_reference(model, field.column, field.related_model, field.null, True,
                                        field.target_field.column))
        for name, label in getattr(model, "shared_references", {}).items():
            field = model._meta.get_field(name)
            found.append(_reference(model, field.column, apps.get_model(label), field.null, False))
    return tuple(found)


def reference_problems() -> list[str]:
    """Fields from a unit app to a shared app that would put a constraint (or a collector query) into public."""
    problems = []
    for model in _unit_models():  # M2M through tables included: an M2M to a shared model needs its own through
        for field in model._meta.local_fields:
            if not (field.is_relation and _is_shared(field.related_model)):
                continue
            if field.db_constraint:
                problems.append(f"{model._meta.label}.{field.name}: db_constraint=False")
            if field.remote_field.on_delete is not models.DO_NOTHING:
                problems.append(f"{model._meta.label}.{field.name}: on_delete=DO_NOTHING")
    return problems


def _dangling_sql(schema: str, index: int, ref: Reference) -> str:
    where = (f't."{ref.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public."{ref.target_table}" p '
             f'WHERE p."{ref.target_column}" = t."{ref.column}")')
    return (f"SELECT '{schema}', {index}, count(*), (array_agg(DISTINCT t.\"{ref.column}\"))[1:{SAMPLE}]::text[] "
            f'FROM "{schema}"."{ref.table}" t WHERE {where}')


def _elsewhere() -> bool:
    """Whether the connection is another server's than the platform's (tenants.services.unit_context.on_server)."""
    return connections[DEFAULT].alias != DEFAULT


def _keys_sql(schema: str, index: int, ref: Reference) -> str:
    return (f"SELECT '{schema}', {index}, t.\"{ref.column}\"::text, count(*) FROM \"{schema}\".\"{ref.table}\" t "
            f'WHERE t."{ref.column}" IS NOT NULL GROUP BY t."{ref.column}"')


@cache
def _key_type(ref: Reference) -> str:
    """The SQL type of the referenced column (for the platform's statement's array of keys)."""
    from tenants.services.unit_context import platform_connection

    target = apps.get_model(ref.target)
    field = next(f for f in target._meta.concrete_fields if f.column == ref.target_column)
    return field.cast_db_type(platform_connection())


def _in_order(keys) -> list[str]:
    return sorted(keys, key=lambda k: (0, len(k), k) if k.isdigit() else (1, 0, k))


def _missing(parts: list[tuple[str, int, Reference]], per_statement: int) -> dict[tuple[str, int], tuple[int, list]]:
    """On another server than the platform's: {(schema, reference's index): (rows, their missing keys in order)} of
    the references whose row is gone. The units' keys are read on this server (one statement per `per_statement`
    parts), then the platform's rows by those keys on the platform's connection (one statement): no join through a
    foreign table, which would read the platform's whole table for each reference."""
    from tenants.services.unit_context import platform_connection

    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for schema, index, key, count in union_all([_keys_sql(s, i, ref) for s, i, ref in parts],
                                               per_statement=per_statement):
        counts[(schema, index)][key] = count
    refs = {index: ref for _schema, index, ref in parts}
    wanted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for (_schema, index), keys in counts.items():
        ref = refs[index]
        wanted[(ref.target_table, ref.target_column, _key_type(ref))] |= set(keys)
    if not wanted:
        return {}
    targets = list(wanted)
    selects = [f'SELECT {i}, p."{column}"::text FROM public."{table}" p WHERE p."{column}" = ANY(%s::{kind}[])'
               for i, (table, column, kind) in enumerate(targets)]
    with platform_connection().cursor() as cur:
        cur.execute(" UNION ALL ".join(f"({s})" for s in selects), [sorted(wanted[t]) for t in targets])
        present: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for i, key in cur.fetchall():
            present[targets[i]].add(key)
    found = {}
    for (schema, index), keys in counts.items():
        ref = refs[index]
        gone = set(keys) - present[(ref.target_table, ref.target_column, _key_type(ref))]
        if gone:
            found[(schema, index)] = (sum(keys[k] for k in gone), _in_order(gone))
    return found


def _present(schemas: list[str], refs) -> set[tuple[str, str]]:
    with connection.cursor() as cur:
        cur.execute("SELECT schemaname, tablename FROM pg_catalog.pg_tables WHERE schemaname = ANY(%s) "
                    "AND tablename = ANY(%s)", [list(schemas), sorted({r.table for r in refs})])
        return set(cur.fetchall())


def dangling(schemas: list[str]) -> dict[str, list[Dangling]]:
    """The references whose shared row is gone, per schema (schemas with none are left out)."""
    from tenants.naming import validate_schema_name

    refs = unit_references()
    result: dict[str, list[Dangling]] = defaultdict(list)
    if not schemas or not refs:
        return {}
    for schema in schemas:
        if schema != settings.EGOV_TEMPLATE_SCHEMA:
            validate_schema_name(schema)  # names go into the SQL text

    def here(names: list[str]) -> list[tuple]:  # on the units' own server
        present = _present(names, refs)
        parts = [(schema, i, ref) for schema in names for i, ref in enumerate(refs) if (schema, ref.table) in present]
        if _elsewhere():  # the platform's tables are foreign tables here: keys compared, not joined
            missing = _missing(parts, REFERENCE_BATCH * len(refs))
            return [(schema, index, count, sample[:SAMPLE]) for (schema, index), (count, sample) in missing.items()]
        return union_all([_dangling_sql(s, i, ref) for s, i, ref in parts], per_statement=REFERENCE_BATCH * len(refs))

    rows = on_each_server(schemas, here)
    for schema, index, count, sample in rows:
        if count:
            result[schema].append(Dangling(refs[index], count, sample or []))
    return dict(result)


_FOREIGN_KEYS_INTO_PUBLIC = """
    SELECT rn.nspname, r.relname, c.conname, f.relname
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_class r ON r.oid = c.conrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
    JOIN pg_catalog.pg_class f ON f.oid = c.confrelid JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
    WHERE c.contype = 'f' AND rn.nspname = ANY(%s) AND fn.nspname = 'public'
    ORDER BY 1, 2, 3
"""


def foreign_keys_into_public(schemas: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Foreign keys from these schemas into public, per schema: (table, constraint, public table). None is expected;
    a unit not migrated since django-guardian's tables left the units (an archived one) may still have some."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def here(names: list[str]) -> list[tuple]:
        with connection.cursor() as cur:
            cur.execute(_FOREIGN_KEYS_INTO_PUBLIC, [names])
            return cur.fetchall()

    for schema, table, name, target in on_each_server(schemas, here):
        found[schema].append((table, name, target))
    return dict(found)


def drop_foreign_keys_into_public(schema: str) -> list[str]:
    """Drop them in one schema (the rows stay; their references are then checked like any other). Returns names."""
    quote = connection.ops.quote_name
    dropped = []
    with _on_server_of(schema), transaction.atomic(), connection.cursor() as cur:
        for table, name, _target in foreign_keys_into_public([schema]).get(schema, []):
            cur.execute(f"ALTER TABLE {quote(schema)}.{quote(table)} DROP CONSTRAINT {quote(name)}")
            dropped.append(f"{table}.{name}")
    return dropped


def _on_server_of(schema: str):
    """The schema's server's connection for the block (tenants.services.across_schemas.placed)."""
    from tenants.services.unit_context import on_server

    return on_server(next(iter(placed([schema]))))


def repair_unit(schema: str) -> dict[str, int]:
    """In one unit, delete the rows whose required shared row is gone and clear optional references to gone rows.
    Returns {reference: rows changed}."""
    from tenants.naming import validate_schema_name

    if schema != settings.EGOV_TEMPLATE_SCHEMA:
        validate_schema_name(schema)
    changed = {}
    refs = [r for r in unit_references() if r.repairable]
    with _on_server_of(schema), transaction.atomic(), connection.cursor() as cur:
        present = _present([schema], refs)
        parts = [(schema, i, ref) for i, ref in enumerate(refs) if (schema, ref.table) in present]
        missing = _missing(parts, len(parts) or 1) if _elsewhere() else None  # another server: by keys, no join
        for index, ref in ((i, ref) for _schema, i, ref in parts):
            params = []
            if missing is None:
                gone = (f'"{ref.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public."{ref.target_table}" p '
                        f'WHERE p."{ref.target_column}" = t."{ref.column}")')
            elif (schema, index) in missing:
                gone, params = f'"{ref.column}" = ANY(%s::{_key_type(ref)}[])', [missing[(schema, index)][1]]
            else:
                continue
            if ref.nullable:
                cur.execute(f'UPDATE "{schema}"."{ref.table}" t SET "{ref.column}" = NULL WHERE {gone}', params or None)
            else:
                cur.execute(f'DELETE FROM "{schema}"."{ref.table}" t WHERE {gone}', params or None)
            if cur.rowcount:
                changed[str(ref)] = cur.rowcount
    return changed


def unit_schemas() -> list[str]:
    """Schemas the checker reads: the template and every unit whose schema exists."""
    from tenants.models import Unit, UnitStatus

    units = Unit.objects.filter(status__in=[UnitStatus.READY, UnitStatus.SUSPENDED, UnitStatus.ARCHIVED])
    units = units.order_by("code")
    return [settings.EGOV_TEMPLATE_SCHEMA, *units.values_list("schema_name", flat=True)]


def repair_references() -> dict[str, dict[str, int]]:
    """Find the units holding dangling references (batched reads) and repair each in its own transaction."""
    return {schema: changed for schema in dangling(unit_schemas()) if (changed := repair_unit(schema))}


def shared_targets() -> set[type[models.Model]]:
    """The shared models unit rows reference through foreign keys: deleting one of their rows calls for a repair."""
    return {apps.get_model(r.target) for r in unit_references() if r.repairable}


def _queue_repair() -> None:
    from tenants.tasks import repair_references_task

    repair_references_task.delay()


def on_shared_row_deleted(sender, **kwargs) -> None:
    """post_delete of a referenced shared row: the units are repaired on a worker once the deletion commits (and
    by the daily sweep, should that task be lost). One task per transaction, however many rows it deletes."""
    if not any(func is _queue_repair for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_queue_repair)


def connect_receivers() -> None:
    from django.db.models.signals import post_delete

    for model in shared_targets():
        post_delete.connect(on_shared_row_deleted, sender=model, dispatch_uid=f"unit-references-{model._meta.label}")
