"""What one unit writes, another unit never sees: rows, cache entries, tasks; and through the API every query and
mutation of both contracts, for every caller, by the table of tests/isolation_matrix.py (a new field gets its row there;
a test here covers only what a row cannot say)."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import ProgrammingError, connection, transaction
from django_tenants.utils import tenant_context

from core.accounts.models import Role, User
from core.objectperms.models import UnitUserObjectPermission as UserObjectPermission
from tenants import unit_tasks
from tenants.models import Unit, UnitStatus
from tenants.services.units import UnitRecord, record_units
from tenants.unit_tasks import WrongUnit, fan_out, unit_task

ran = []


@unit_task()
def note_schema(schema_name, label):
    """Writes a row in the unit it runs for and answers the schema it ran in."""
    ran.append(schema_name)
    user = User.objects.get(username=label)
    role = Role.objects.filter(unit__schema_name=schema_name).first()
    UserObjectPermission.objects.create(
        user=user, permission=Permission.objects.get(codename="view_role"),
        content_type=ContentType.objects.get_for_model(Role), object_pk=str(role.pk))
    with connection.cursor() as cur:
        cur.execute("SELECT current_schema()")
        return cur.fetchone()[0]


@pytest.fixture(autouse=True)
def _nothing_ran():
    ran.clear()
    yield
    ran.clear()


def object_permissions(unit) -> int:
    with tenant_context(unit), connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")
        return cur.fetchone()[0]


def test_a_row_written_in_one_unit_is_absent_from_another(unit_a, unit_b):
    user = User.objects.create_user("isolation-user")
    role = Role.objects.get(unit=unit_a, code="leader")
    with tenant_context(unit_a):
        UserObjectPermission.objects.assign_perm("view_role", user, role)
        assert UserObjectPermission.objects.filter(user=user).count() == 1
    with tenant_context(unit_b):
        assert not UserObjectPermission.objects.filter(user=user).exists()
        with connection.cursor() as cur:
            cur.execute("SELECT current_schemas(false)")
            assert cur.fetchone()[0] == [unit_b.schema_name, "public"]
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (1, 0)


def test_a_unit_table_is_not_reachable_from_the_platform(unit_a):
    with connection.cursor() as cur:
        cur.execute("SELECT current_schemas(false)")
        assert cur.fetchone()[0] == ["public"]
        with pytest.raises(ProgrammingError), transaction.atomic():
            cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")


def test_cache_entries_are_per_unit(unit_a, unit_b):
    key = f"kernel-test-{uuid.uuid4().hex}"
    try:
        with tenant_context(unit_a):
            cache.set(key, "written in A", 60)
        with tenant_context(unit_b):
            assert cache.get(key) is None
            cache.set(key, "written in B", 60)
        with tenant_context(unit_a):
            assert cache.get(key) == "written in A"
        assert cache.get(key) is None  # nor on the platform
    finally:
        for unit in (unit_a, unit_b):
            with tenant_context(unit):
                cache.delete(key)


def test_a_unit_task_runs_in_the_schema_of_the_unit_it_names(unit_a, unit_b):
    User.objects.create_user("task-user")
    assert note_schema(unit_b.schema_name, "task-user") == unit_b.schema_name
    assert ran == [unit_b.schema_name]
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (0, 1)
    assert connection.schema_name == "public"  # and the connection is handed back on the platform


def test_a_unit_task_refuses_to_run_in_another_units_schema(unit_a, unit_b, monkeypatch):
    User.objects.create_user("task-user")
    real = unit_tasks._unit_for
    monkeypatch.setattr(unit_tasks, "_unit_for", lambda schema: real(unit_b.schema_name))  # the wrong unit comes back
    with pytest.raises(WrongUnit, match=unit_a.schema_name):
        note_schema(unit_a.schema_name, "task-user")
    assert ran == [] and connection.schema_name == "public"
    assert (object_permissions(unit_a), object_permissions(unit_b)) == (0, 0)


@pytest.mark.parametrize("status", [UnitStatus.SUSPENDED, UnitStatus.ARCHIVED, UnitStatus.PROVISIONING,
                                    UnitStatus.FAILED])
def test_a_unit_task_for_a_unit_that_is_not_ready_is_skipped(unit_a, status):
    User.objects.create_user("task-user")
    Unit.objects.filter(pk=unit_a.pk).update(status=status)
    assert note_schema(unit_a.schema_name, "task-user") is None
    assert note_schema("u_no_such_unit", "task-user") is None
    assert ran == [] and object_permissions(unit_a) == 0


def test_fan_out_queues_once_per_ready_unit(make_unit):
    ready = [make_unit("91401"), make_unit("91403")]
    suspended = make_unit("91402")
    Unit.objects.filter(pk=suspended.pk).update(status=UnitStatus.SUSPENDED)
    record_units([UnitRecord("91404", "Xã Chưa Khởi Tạo", "commune")])

    class Recorder:
        queued = []

        def apply_async(self, args, kwargs):
            self.queued.append((args, kwargs))

    recorder = Recorder()
    assert fan_out(recorder, "x", flag=True) == 2
    assert recorder.queued == [((unit.schema_name, "x"), {"flag": True}) for unit in ready]


def test_signed_pdfs_of_one_unit_are_invisible_from_another_and_keys_are_the_units_own(unit_a, unit_b, tmp_path,
                                                                                      monkeypatch):
    import base64

    from api_support import add_member, gql
    from django.test import Client
    from signatures_support import PASSPHRASE, make_ca, pdf

    from core.modules.services import enable
    from modules.signatures.models import SignedPdf
    from modules.signatures.services import receive

    for unit in (unit_a, unit_b):
        enable(unit, "signatures")
    ca = make_ca(tmp_path, unit=unit_a.code, signers={"leader-a": "Nguyễn Văn An"})
    monkeypatch.setenv("EGOV_SIGNING_KEYS_DIR", str(ca.directory))
    monkeypatch.setenv("EGOV_SIGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("EGOV_SIGNING_DEV_TSA", str(ca.tsa))
    with tenant_context(unit_a):
        kept = receive(pdf(), "a.pdf")
    leader_b = add_member(unit_b, "leader-a", roles=("leader",))  # the same username, in the other unit
    client = Client()
    client.force_login(leader_b)
    one = gql(client, "query($id: ID!) { signedPdf(id: $id) { id } }", {"id": str(kept.pk)}, unit=unit_b)[1]
    assert [e["extensions"]["code"] for e in one["errors"]] == ["NOT_FOUND"]
    # unit A's keys are under its own code: a leader of unit B with the same username has none
    signed = gql(client, "mutation($c: String!) { signaturesSignPdf(name: \"b.pdf\", content: $c) { errors { code } } }",
                 {"c": base64.b64encode(pdf()).decode()}, unit=unit_b)[1]
    assert signed["data"]["signaturesSignPdf"]["errors"] == [{"code": "KEY_UNAVAILABLE"}]
    received = gql(client, "mutation($c: String!) { signaturesReceivePdf(name: \"b.pdf\", content: $c) { "
                   "signedPdf { id } errors { code } } }", {"c": base64.b64encode(pdf(signer="B")).decode()},
                   unit=unit_b)[1]["data"]["signaturesReceivePdf"]
    assert received["errors"] == []
    assert gql(client, "query($id: ID!) { signedPdf(id: $id) { id } }", {"id": str(kept.pk)},
               unit=unit_a)[1]["error"]["code"] == "NOT_A_MEMBER"
    with tenant_context(unit_a):
        assert list(SignedPdf.objects.values_list("name", flat=True)) == ["a.pdf"]
    with tenant_context(unit_b):
        assert list(SignedPdf.objects.values_list("name", flat=True)) == ["b.pdf"]


# --- The isolation matrix (tests/isolation_matrix.py): every operation of both GraphQL contracts, every caller --------

MARKER = "Zetabe"  # written into every object of unit B; no answer at unit A's endpoint may contain it


def _contract_fields() -> set[tuple[str, str]]:
    from pathlib import Path

    from graphql import build_schema

    root = Path(__file__).resolve().parent.parent / "graphql"
    found = set()
    for endpoint, name in (("unit", "schema.graphql"), ("platform", "platform.graphql")):
        schema = build_schema((root / name).read_text(encoding="utf-8"))
        for kind in (schema.query_type, schema.mutation_type):
            found |= {(endpoint, f) for f in (kind.fields if kind else {})}
    return found


def test_every_operation_of_both_contracts_has_its_row_in_the_isolation_matrix():
    from isolation_matrix import MATRIX

    rows = [(row.endpoint, row.field) for row in MATRIX]
    contract = _contract_fields()
    missing = sorted(contract - set(rows))
    assert not missing, f"add a row to tests/isolation_matrix.py (format at its top) for: {missing}"
    assert not sorted(set(rows) - contract), "rows for fields no contract has"
    assert len(rows) == len(set(rows)), "one row per operation"


def test_isolation_matrix_rows_name_roles_kinds_and_variables_that_exist():
    from isolation_matrix import MATRIX, OBJECT_KINDS

    from core.accounts.roles import all_role_specs

    codes = {spec.code for spec in all_role_specs()}
    for row in MATRIX:
        assert row.endpoint in ("unit", "platform"), row.field
        assert row.roles == "*" or set(row.roles.split()) <= codes, row.field
        assert {kind.removesuffix("[]").removeprefix("A:") for kind in row.uses.values()} <= set(OBJECT_KINDS), \
            row.field
        assert all(f"${name}" in row.call for name in row.uses), row.field


class _World:
    """Units A and B with every module on, one object of each kind in each (B's ids above any of A's, B's texts
    carrying MARKER), and the callers."""

    def __init__(self, unit_a, unit_b):
        import secrets

        from onestop_support import open_office

        from core.accounts.roles import all_role_specs

        self.units = {"A": unit_a, "B": unit_b}
        # Numbers and client addresses of this run only: the online submission's counters outlive a test
        self.phones = {label: _random_phone() for label in "AB"}
        self.network = f"10.{secrets.randbelow(250) + 1}"
        self.objects = {}
        for label, unit in self.units.items():
            open_office(unit, people_suffix=f"matrix-{label}", catalogue=label == "A")
            for module in ("doctypes", "documents", "casefiles", "worktasks", "signatures", "payments", "printing",
                           "notify", "notices", "statistics", "tracking", "forms", "portal"):
                _enable(unit, module)
            if label == "B":
                _raise_sequences(unit)
            self.objects[label] = self._objects(unit, self.phones[label], MARKER if label == "B" else "")
        self.roles = [spec.code for spec in all_role_specs()]
        self.members = {role: add_member_(unit_a, f"matrix-{role}", (role,)) for role in self.roles}
        self.outsider = add_member_(unit_b, "matrix-outsider", tuple(self.roles))
        self.platform = _platform_account()

    def _objects(self, unit, phone: str, marker: str) -> dict:
        from casefiles_support import OPENED
        from documents_support import incoming_meta
        from onestop_support import PROC
        from signatures_support import pdf

        from core.api.tokens import issue_personal_token
        from modules.casefiles import services as casefiles
        from modules.documents.services import actions
        from modules.onestop.services.arrivals import Application
        from modules.onestop.services.intake import receive
        from modules.signatures.services import receive as receive_pdf
        from modules.worktasks import services as worktasks

        staff = add_member_(unit, f"matrix-staff-{unit.code}", ("administrator", "receiving_officer", "specialist",
                                                               "leader", "clerk"))
        owner = add_member_(unit, f"matrix-token-owner-{unit.code}", ("specialist",))
        with tenant_context(unit):
            dossier = receive(Application(PROC, "counter", f"Nguyễn Văn {marker or 'An'}", applicant_phone=phone),
                              actor=staff)
            document = actions.register_incoming(incoming_meta(subject=f"Về việc đến {marker}"), actor=staff,
                                                 at=OPENED)
            entry = casefiles.add_plan_entry(2026, "01.05", f"Hồ sơ kiểm tra {marker}", 10, keeper_id=staff.pk, at=OPENED)
            unopened = casefiles.add_plan_entry(2026, "01.06", f"Hồ sơ chưa mở {marker}", 10, at=OPENED)
            case_file = casefiles.open_file(entry.pk, actor=staff, at=OPENED)
            task = worktasks.assign(f"Việc {marker}", staff.pk, actor=staff, days=1)
            signed = receive_pdf(pdf(), f"van-ban-{marker}.pdf")
        token, _raw = issue_personal_token(owner, "owner's script")
        return {"unit": unit.code, "dossier": dossier.code, "phone": phone, "document": str(document.pk),
                "casefile": str(case_file.pk), "planentry": str(unopened.pk), "worktask": str(task.pk),
                "signedpdf": str(signed.pk), "person": str(staff.pk), "token": str(token.pk)}

    def variables(self, row, label: str) -> dict:
        values = {}
        for name, kind in row.uses.items():
            unit_label = "A" if kind.startswith("A:") else label
            if kind == "newphone":  # a number of the call's own: the online submissions' per-number limit spans rows
                values[name] = _random_phone()
                continue
            value = self.objects[unit_label][kind.removeprefix("A:").removesuffix("[]")]
            values[name] = [value] if kind.endswith("[]") else value
        return values


def _random_phone() -> str:
    import secrets

    return "09" + "".join(secrets.choice("0123456789") for _ in range(8))


def add_member_(unit, username: str, roles: tuple):
    from api_support import add_member

    return add_member(unit, username, roles=roles)


def _enable(unit, module: str) -> None:
    from core.modules.services import enable

    enable(unit, module)


def _raise_sequences(unit) -> None:
    """Every id unit B hands out from now on is above any unit A holds: B's id asked at A's endpoint is nobody's."""
    with connection.cursor() as cur:
        cur.execute("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = %s",
                    [unit.schema_name])
        for (sequence,) in cur.fetchall():
            cur.execute("SELECT setval(%s::regclass, 100000)", [sequence])


def _platform_account():
    """The ICT department's account: the platform grants the platform endpoint's operations check, no unit."""
    user = User.objects.create_user("matrix-ict")
    wanted = [("tenants", "view_unit"), ("tenants", "add_unit"), ("tenants", "change_unit"), ("api", "delete_apitoken"),
              ("api", "issue_service_token"), ("accounts", "view_membership"), ("statistics", "view_all_units"),
              ("tenants", "view_reorganisationplan"), ("tenants", "view_carriedmembership"),
              ("tenants", "change_carriedmembership")]
    for app_label, codename in wanted:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def _outcome(body, field: str) -> str:
    from isolation_matrix import EMPTY, NULL, OK

    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code") or "?"
    if body.get("errors"):
        return body["errors"][0].get("extensions", {}).get("code") or "?"
    data = (body.get("data") or {}).get(field)
    if isinstance(data, dict) and data.get("errors"):
        return data["errors"][0].get("code") or "?"
    if data is None:
        return NULL
    return EMPTY if data == [] or (isinstance(data, dict) and data.get("totalCount") == 0) else OK


# The platform's tables a unit's call could reach: tokens, units, memberships, modules switched on, invitations.
WATCHED_PUBLIC_TABLES = ("api_apitoken", "api_apitoken_units", "tenants_unit", "accounts_membership",
                         "accounts_membership_roles", "modules_core_moduleenablement", "accounts_invitation")


def _fingerprint_query(world: _World) -> str:
    """One statement hashing every row of unit A's schema (where every call goes) and of WATCHED_PUBLIC_TABLES."""
    schemas = [world.units["A"].schema_name]
    with connection.cursor() as cur:
        cur.execute("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
                    "WHERE table_schema = ANY(%s) AND table_type = 'BASE TABLE' ORDER BY 1", [schemas])
        tables = [name for (name,) in cur.fetchall()] + [f"public.{name}" for name in WATCHED_PUBLIC_TABLES]
    parts = [f"SELECT {i} AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM {name} t"
             for i, name in enumerate(tables)]
    return "SELECT md5(string_agg(h, '' ORDER BY n)) FROM (" + " UNION ALL ".join(parts) + ") AS f"


def _fingerprint(query: str) -> str:
    with connection.cursor() as cur:
        cur.execute(query)
        return cur.fetchone()[0]


def _call(client, world: _World, row, target: str, fingerprint: str | None) -> tuple[int, str, dict, bool]:
    """(HTTP status, text, JSON, whether any row of either unit or of the watched platform tables changed)."""
    import json

    from api_support import headers

    extra = headers(world.units["A"]) if row.endpoint == "unit" else headers()
    with transaction.atomic():  # every call on the same objects: whatever a call changed is undone
        before = _fingerprint(fingerprint) if fingerprint else None
        response = client.post("/graphql/", data=json.dumps({"query": row.call,
                                                             "variables": world.variables(row, target)}),
                               content_type="application/json", **extra)
        changed = fingerprint is not None and _fingerprint(fingerprint) != before
        transaction.set_rollback(True)
    text = response.content.decode()
    return response.status_code, text, json.loads(text), changed


@pytest.mark.parametrize("endpoint", ["unit", "platform"])
def test_the_isolation_matrix_holds_for_every_caller_and_object(unit_a, unit_b, endpoint, settings):
    from django.test import Client
    from isolation_matrix import MATRIX, OK
    from isolation_matrix import cells as matrix_cells

    # Who gets what, not how fast: on a loaded machine an anonymous call's validation may pass its 250 ms (the time
    # limits have their own tests, tests/test_security_abuse.py).
    settings.GRAPHQL_ANONYMOUS_VALIDATION_MS = settings.GRAPHQL_VALIDATION_MS

    world = _World(unit_a, unit_b)
    clients = {}

    def client_for(label, user):
        if label not in clients:
            clients[label] = Client(REMOTE_ADDR=f"{world.network}.{len(clients)}.1")
            if user is not None:
                clients[label].force_login(user)
        return clients[label]

    users = {**world.members, "member of B": world.outsider, "platform account": world.platform, "anonymous": None}
    fingerprint = _fingerprint_query(world)
    failures, cells = [], 0
    for row in (r for r in MATRIX if r.endpoint == endpoint):
        mutation = row.call.lstrip().startswith("mutation")
        for label, target, expected in matrix_cells(row, world.roles):
            status, text, body, changed = _call(client_for(label, users[label]), world, row, target,
                                                fingerprint if mutation else None)
            cells += 1
            got = _outcome(body, row.field)
            if got != expected or status >= 500:
                failures.append(f"{row.field} by {label} on {target}'s objects: expected {expected}, got {got} "
                                f"(HTTP {status}) {text[:160]}")
            elif changed and expected != OK:  # a refused mutation changes nothing
                failures.append(f"{row.field} by {label} on {target}'s objects: {got}, but data changed")
            if endpoint == "unit" and MARKER in text:
                failures.append(f"{row.field} by {label} on {target}'s objects: unit B's text in {text[:160]}")
    assert cells > 100 and not failures, f"{len(failures)} of {cells} cells:\n" + "\n".join(failures)


def test_forms_are_shared_reference_data_and_validating_writes_in_no_unit(unit_a, unit_b):
    """The dictionary and published forms live in public, the same for every unit; a draft is visible to none; a
    verdict asked from unit B leaves no row in either unit nor on the platform."""
    from api_support import add_member, gql
    from django.test import Client
    from forms_support import published_household_form

    from core.modules.services import enable
    from modules.forms.models import FormDefinition
    from modules.forms.services import create_form

    form = published_household_form()
    draft = create_form("1.000009", "v1", "Nháp của Sở")
    answers = []
    for unit in (unit_a, unit_b):
        enable(unit, "forms")
        client = Client()
        client.force_login(add_member(unit, f"forms-{unit.code}", roles=("specialist",)))
        body = gql(client, """query($d: ID!) { formsPublishedForms { id artefactHash }
          draft: formsForm(id: $d) { id } }""", {"d": str(draft.pk)}, unit=unit)[1]
        assert body["data"]["draft"] is None and [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
        answers.append(body["data"]["formsPublishedForms"])
        verdict = gql(client, """query($f: ID!) { formsValidateForm(formId: $f, data: {full_name: "An"}) { valid } }""",
                      {"f": str(form.pk)}, unit=unit)[1]
        assert verdict["data"]["formsValidateForm"]["valid"] is False
    assert answers[0] == answers[1] == [{"id": str(form.pk), "artefactHash": form.artefact_hash}]
    assert FormDefinition.objects.count() == 2
    for unit in (unit_a, unit_b):
        with tenant_context(unit), connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                        "AND table_name LIKE 'forms_%'")
            assert cur.fetchone()[0] == 0  # no per-unit forms table: nothing a unit could write or read alone
