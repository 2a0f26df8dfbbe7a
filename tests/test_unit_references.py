"""A unit's schema holds no database constraint into public; its references to shared rows are kept whole by the
services and checked by `egov check-references`."""

import io
import json

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from modules_support import enable_modules, hold_every_module

from core.accounts.models import Role, User
from core.objectperms.models import UnitUserObjectPermission
from modules.onestop.models import Dossier
from tenants.services import references
from tenants.services.schema_migrations import migrate_schema, schema_fingerprints, unit_fingerprint

TEMPLATE = settings.EGOV_TEMPLATE_SCHEMA
PUBLIC_TABLES = ("auth_permission", "accounts_user", "auth_group", "django_content_type")

_FOREIGN_KEYS_OUT = """
    SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text
    FROM pg_constraint c
    JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
    JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
    WHERE c.contype = 'f' AND rn.nspname = %s AND fn.nspname <> rn.nspname
"""


def foreign_keys_out_of(schema: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(_FOREIGN_KEYS_OUT, [schema])
        return cur.fetchall()


def triggers_on_public_tables() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname, count(t.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "LEFT JOIN pg_trigger t ON t.tgrelid = c.oid WHERE n.nspname = 'public' AND c.relname = ANY(%s) "
                    "GROUP BY c.relname", [list(PUBLIC_TABLES)])
        return dict(cur.fetchall())


def test_no_unit_table_holds_a_foreign_key_into_public(make_unit):
    cloned, migrated = make_unit("91501", method="clone"), make_unit("91502", method="migrate")
    for unit in (cloned, migrated):  # with modules' tables too
        enable_modules(unit, "onestop", "worktasks")
    for schema in (TEMPLATE, cloned.schema_name, migrated.schema_name):
        assert foreign_keys_out_of(schema) == [], schema
    with connection.cursor() as cur:  # the check itself sees foreign keys: units do have them, inside the schema
        cur.execute("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                    "WHERE c.contype = 'f' AND n.nspname = %s", [cloned.schema_name])
        assert cur.fetchone()[0] > 0


def test_a_new_unit_adds_no_trigger_on_the_platform_tables(make_unit):
    before = triggers_on_public_tables()
    assert set(before) == set(PUBLIC_TABLES)
    make_unit("91503", method="clone")
    make_unit("91504", method="migrate")
    assert triggers_on_public_tables() == before


def test_object_permissions_are_kept_per_unit_without_constraints(unit_a, unit_b):
    from guardian.shortcuts import assign_perm, get_perms

    user = User.objects.create_user("references-user")
    role = Role.objects.get(unit=unit_a, code="leader")
    with tenant_context(unit_a):
        assign_perm("accounts.view_role", user, role)
        assert get_perms(user, role) == ["view_role"]
        assert UnitUserObjectPermission.objects.filter(user=user).count() == 1
    with tenant_context(unit_b):
        assert get_perms(User.objects.get(pk=user.pk), role) == []


_OLD_GUARDIAN_TABLE = """
CREATE TABLE {schema}.guardian_userobjectpermission (
    id serial PRIMARY KEY, object_pk varchar(255) NOT NULL,
    content_type_id integer NOT NULL REFERENCES public.django_content_type (id) DEFERRABLE INITIALLY DEFERRED,
    permission_id integer NOT NULL REFERENCES public.auth_permission (id) DEFERRABLE INITIALLY DEFERRED,
    user_id bigint NOT NULL REFERENCES public.accounts_user (id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE {schema}.guardian_groupobjectpermission (
    id serial PRIMARY KEY, object_pk varchar(255) NOT NULL,
    content_type_id integer NOT NULL REFERENCES public.django_content_type (id) DEFERRABLE INITIALLY DEFERRED,
    permission_id integer NOT NULL REFERENCES public.auth_permission (id) DEFERRABLE INITIALLY DEFERRED,
    group_id integer NOT NULL REFERENCES public.auth_group (id) DEFERRABLE INITIALLY DEFERRED);
"""


def test_egov_migrate_moves_a_units_old_guardian_rows_and_drops_their_foreign_keys(unit_a):
    """A unit made before: django-guardian's tables in its schema, with foreign keys into public."""
    user = User.objects.create_user("old-guardian-user")
    permission = Permission.objects.get(codename="view_role")
    schema = unit_a.schema_name
    with connection.cursor() as cur:
        cur.execute(_OLD_GUARDIAN_TABLE.format(schema=schema))
        cur.execute(f"INSERT INTO {schema}.guardian_userobjectpermission (object_pk, content_type_id, permission_id, "
                    "user_id) VALUES ('7', %s, %s, %s)", [permission.content_type_id, permission.pk, user.pk])
        cur.execute(f"DELETE FROM {schema}.django_migrations WHERE app = 'objectperms' AND name <> '0001_initial'")
    assert len(foreign_keys_out_of(schema)) == 6
    assert schema_fingerprints([schema])[schema] != unit_fingerprint()

    migrate_schema(schema)

    assert foreign_keys_out_of(schema) == []
    assert schema_fingerprints([schema])[schema] == unit_fingerprint()
    with tenant_context(unit_a):
        kept = UnitUserObjectPermission.objects.get()
        assert (kept.user_id, kept.permission_id, kept.object_pk) == (user.pk, permission.pk, "7")
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", [f"{schema}.guardian_userobjectpermission"])
            assert cur.fetchone()[0] is None


def _orphan_rows(unit) -> None:
    """An object permission of a person who is gone, and a procedure adopted from a catalogue version that is gone."""
    ghost = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    permission = Permission.objects.get(codename="view_role")
    enable_modules(unit, "procedures")
    with tenant_context(unit), connection.cursor() as cur:
        UnitUserObjectPermission.objects.bulk_create([UnitUserObjectPermission(
            user_id=ghost, permission=permission, object_pk="1", content_type=ContentType.objects.get_for_model(Role))])
        cur.execute("INSERT INTO procedures_unitprocedure (procedure_code, procedure_version_id, procedure_name, "
                    "is_active, adopted_at, updated_at) VALUES ('GHOST', -1, 'x', true, now(), now())")


def check_references(*args) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("check_references", "--json", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return exc.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def test_check_references_lists_what_is_gone_per_unit_and_repairs_what_it_can(unit_a, unit_b):
    _orphan_rows(unit_a)

    status, found = check_references()
    assert status == 1 and list(found) == [unit_a.schema_name]
    assert sorted((d["reference"], d["count"]) for d in found[unit_a.schema_name]) == [
        ("objectperms.UnitUserObjectPermission.user_id -> accounts.User", 1),
        ("procedures.UnitProcedure.procedure_version_id -> catalogue.ProcedureVersion", 1),
    ]

    status, found = check_references("--repair")
    assert status == 1  # a plain id column is reported, never changed
    assert [d["reference"] for d in found[unit_a.schema_name]] == [
        "procedures.UnitProcedure.procedure_version_id -> catalogue.ProcedureVersion"]
    with tenant_context(unit_a):
        assert not UnitUserObjectPermission.objects.exists()
        with connection.cursor() as cur:
            cur.execute("DELETE FROM procedures_unitprocedure WHERE procedure_code = 'GHOST'")
    assert check_references() == (0, {})


def test_the_check_reads_all_units_in_one_statement_per_batch(unit_a, unit_b, django_assert_num_queries,
                                                              monkeypatch):
    schemas = [TEMPLATE, unit_a.schema_name, unit_b.schema_name]
    hold_every_module(unit_a, unit_b)  # every reference in each schema: one statement per schema below
    with connection.cursor() as cur:  # the search path left by entering the units is set again here, not below
        cur.execute("SELECT 1")
    with django_assert_num_queries(2):  # which tables exist, then one statement for the three schemas
        assert references.dangling(schemas) == {}
    monkeypatch.setattr(references, "REFERENCE_BATCH", 1)
    with django_assert_num_queries(4):
        references.dangling(schemas)


def test_every_reference_from_a_unit_app_to_a_shared_app_is_kept_without_constraint():
    assert references.reference_problems() == []
    found = {str(r) for r in references.unit_references()}
    assert {"objectperms.UnitUserObjectPermission.user_id -> accounts.User",
            "onestop.Dossier.assignee_id -> accounts.User",
            "onestop.DossierEvent.actor_id -> accounts.User"} <= found


def test_a_person_can_be_deleted_and_their_rows_in_units_follow(unit_a, unit_b, django_capture_on_commit_callbacks,
                                                                monkeypatch):
    from guardian.shortcuts import assign_perm

    from tenants import tasks

    queued = []
    monkeypatch.setattr(tasks.repair_references_task, "delay", lambda: queued.append("repair"))
    leaving, staying = User.objects.create_user("leaving"), User.objects.create_user("staying")
    role = Role.objects.get(unit=unit_a, code="leader")
    for unit in (unit_a, unit_b):
        with tenant_context(unit):
            assign_perm("accounts.view_role", leaving, role)
            assign_perm("accounts.view_role", staying, role)
    enable_modules(unit_a, "onestop")
    with tenant_context(unit_a):
        now = timezone.now()
        Dossier.objects.create(code="HS-1", procedure_code="P", procedure_name="x", channel="counter",
                               applicant_name="A", received_at=now, counted_from=now, due_at=now, assignee=leaving)

    gone = User.objects.create_user("gone")
    with django_capture_on_commit_callbacks(execute=True):
        # On the platform: no unit table is touched, nothing fails; one repair for the whole transaction.
        User.objects.filter(pk__in=[leaving.pk, gone.pk]).delete()
    assert queued == ["repair"]

    repaired = references.repair_references()
    assert set(repaired) == {unit_a.schema_name, unit_b.schema_name}
    for unit in (unit_a, unit_b):
        with tenant_context(unit):
            assert list(UnitUserObjectPermission.objects.values_list("user_id", flat=True)) == [staying.pk]
    with tenant_context(unit_a):
        assert Dossier.objects.get(code="HS-1").assignee_id is None
    assert references.repair_references() == {}


def test_check_references_finds_and_drops_foreign_keys_left_in_an_archived_unit(unit_a, unit_b):
    """A unit archived before the change is never migrated: its old foreign keys into public stay until repaired."""
    from tenants.models import Unit, UnitStatus

    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE {unit_a.schema_name}.objectperms_unituserobjectpermission ADD CONSTRAINT old_user_fk "
                    "FOREIGN KEY (user_id) REFERENCES public.accounts_user (id)")
    Unit.objects.filter(pk=unit_a.pk).update(status=UnitStatus.ARCHIVED)

    status, found = check_references()
    assert status == 1 and found == {unit_a.schema_name: [
        {"kind": "foreign_key", "reference": "objectperms_unituserobjectpermission.old_user_fk -> public.accounts_user",
         "count": 1, "missing": []}]}
    assert check_references("--repair") == (0, {})
    assert foreign_keys_out_of(unit_a.schema_name) == []
