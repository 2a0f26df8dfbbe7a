"""No join from a unit's rows into the platform's tables outside core.platform_relations (docs/ict/scale-out.md):
inside a unit on another database server such a join reads the whole platform table through postgres_fdw on every
query. The units' code names a relation into the platform's tables (a dossier's assignee, an event's actor) through
core.platform_relations.with_related, never select_related, and reads no column across one (values("assignee__x"),
order_by("actor__last_name"), filter(assignee__is_active=...)); the admin of a unit's model lets Django join nothing
(PlatformRelationsAdmin), and an inline table of a unit's model showing a person reads them with its rows
(PlatformRelationsInline), not a query a row. This reads the source of every unit app, and the admin sites'
registries. Object permissions (django-guardian's rows in the unit) are read by ids through core.objectperms.services:
no code calls guardian's own look-ups (which join auth_permission, django_content_type and accounts_user_groups), and
guardian's backend is not in AUTHENTICATION_BACKENDS."""

import ast
from pathlib import Path

from django.apps import apps
from django.contrib.admin.sites import all_sites
from django.core.exceptions import FieldDoesNotExist

from core.platform_relations import (
    PlatformRelationsAdmin,
    PlatformRelationsInline,
    inline_relations,
    list_relations,
    reaches_platform,
)
from tenants.routers import is_platform_model

# Calls whose string arguments are paths from the queryset's model; keyword lookups ("a__b=...") of any call too.
PATH_CALLS = {"select_related", "values", "values_list", "order_by", "only", "defer", "F", "distinct"}
ADMIN_PATHS = {"list_select_related", "search_fields", "ordering", "list_filter"}
# None left: object permissions are read by ids (core.objectperms.services), not joined to their catalogues.
ALLOWED: set[tuple[str, str]] = set()
ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("core", "tenants", "modules", "plugins")
# django-guardian's modules whose look-ups join the platform's tables; its abstract models (guardian.models) are
# what core.objectperms.models builds on, and old migrations may name it.
GUARDIAN_ALLOWED = {"guardian", "guardian.models"}


def _unit_models() -> list:
    return [model for model in apps.get_models() if not is_platform_model(model)]


def _crosses(model, path: str, joined: bool) -> bool:
    """Whether `path` from `model` reads a column of one of the platform's tables (or, `joined`, joins one)."""
    parts = path.lstrip("-").split("__")
    for index, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        related = field.related_model
        if related is None:
            return False
        if is_platform_model(related):
            if field.attname == part:  # assignee_id: the unit's own column
                return False
            rest = parts[index + 1:]
            if not rest:
                return joined
            try:
                related._meta.get_field(rest[0])
            except FieldDoesNotExist:
                return False  # a lookup on the key itself (assignee__in): no join
            return rest[0] not in ("id", "pk")
        model = related
    return False


def _paths(tree) -> list[tuple[int, str, bool]]:
    """(line, path, whether the call joins the relation it names) for every path-like string in the source."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in PATH_CALLS:
                found += [(node.lineno, a.value, name == "select_related") for a in node.args
                          if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            found += [(node.lineno, k.arg, False) for k in node.keywords if k.arg and "__" in k.arg]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ADMIN_PATHS
                                                  for t in node.targets):
            if isinstance(node.value, ast.List | ast.Tuple):
                joins = any(t.id == "list_select_related" for t in node.targets if isinstance(t, ast.Name))
                found += [(node.lineno, e.value, joins) for e in node.value.elts
                          if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return found


def _unit_app_files() -> list[Path]:
    files = []
    for config in apps.get_app_configs():
        models = list(config.get_models())
        if not models or all(is_platform_model(m) for m in models):
            continue
        files += [f for f in Path(config.path).rglob("*.py") if not {"migrations", "tests"} & set(f.parts)]
    return sorted(set(files))


def test_the_units_code_joins_nothing_of_the_platform():
    models = _unit_models()
    found = []
    for file in _unit_app_files():
        where = str(file.relative_to(ROOT)) if file.is_relative_to(ROOT) else str(file)
        for line, path, joined in _paths(ast.parse(file.read_text(encoding="utf-8"))):
            if (where, path) in ALLOWED:
                continue
            crossing = sorted(m.__name__ for m in models if _crosses(m, path, joined))
            if crossing:
                found.append(f"{where}:{line} {path!r} (from {', '.join(crossing)})")
    assert not found, ("a join into the platform's tables: use core.platform_relations.with_related (or read the "
                       "ids, then the platform's rows): " + "; ".join(found))


def test_the_check_sees_a_join_into_the_platform():
    """The check itself: a select_related, a column read across and an admin's list_select_related are found; the
    unit's own column, a lookup on the key and with_related are not."""
    source = ast.parse("""
Dossier.objects.select_related("assignee")
Dossier.objects.values("assignee__username")
Dossier.objects.filter(assignee__is_active=True, assignee__in=[1], assignee_id=2)
with_related(Dossier.objects.all(), "assignee")
class A:
    list_select_related = ["assignee"]
""")
    from modules.onestop.models import Dossier

    crossing = [(line, path) for line, path, joined in _paths(source) if _crosses(Dossier, path, joined)]
    assert crossing == [(2, "assignee"), (3, "assignee__username"), (4, "assignee__is_active"), (7, "assignee")]


def test_no_admin_of_a_units_model_joins_the_platform():
    found = []
    for site in all_sites:
        for model, model_admin in site._registry.items():
            if is_platform_model(model):
                continue
            relations = [p for p in list_relations(model_admin) if reaches_platform(model, p)]
            joins_itself = not isinstance(model_admin, PlatformRelationsAdmin)
            if relations and joins_itself:
                found.append(f"{site.name}: {model._meta.label} {relations}")
    assert not found, "an admin of a unit's model joining the platform's tables: mix in PlatformRelationsAdmin: " + \
        "; ".join(found)


def _inlines_reading_people_a_row_at_a_time() -> list[str]:
    found = []
    for site in all_sites:
        for model, model_admin in site._registry.items():
            for inline in model_admin.inlines:
                if is_platform_model(inline.model) or issubclass(inline, PlatformRelationsInline):
                    continue
                relations = inline_relations(inline)
                if relations:
                    found.append(f"{site.name}: {model._meta.label} {inline.__name__} {relations}")
    return found


def test_no_inline_of_a_units_model_reads_the_platform_a_row_at_a_time():
    """Django's own inline reads each row's person (an event's actor, a report's author, a raw-id field's label)
    with a query of its own, on the platform's connection; PlatformRelationsInline reads them with the rows."""
    found = _inlines_reading_people_a_row_at_a_time()
    assert not found, "an inline of a unit's model reading people a row at a time: mix in PlatformRelationsInline: " + \
        "; ".join(found)


def test_the_unit_admins_inlines_showing_a_person_are_these():
    """What the check above covers: the unit admin's inline tables that show a person (a new one is added here)."""
    from core.admin_sites import unit_admin

    showing = {(model._meta.label, inline.__name__): inline_relations(inline)
               for model, model_admin in unit_admin._registry.items() for inline in model_admin.inlines
               if inline_relations(inline)}
    assert showing == {
        ("documents.Department", "DepartmentMemberInline"): ["person"],
        ("documents.Document", "AssignmentInline"): ["person"],
        ("documents.Document", "EventInline"): ["actor"],
        ("onestop.Dossier", "EventInline"): ["actor"],
        ("casefiles.CaseFile", "EventInline"): ["actor"],
        ("worktasks.Task", "ReportInline"): ["author"],
    }


def _guardian_imports(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "guardian"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "guardian":
            found += [(node.lineno, node.module)]
    return [(line, name) for line, name in found if name not in GUARDIAN_ALLOWED]


def test_no_code_calls_django_guardians_joining_lookups():
    """get_objects_for_user, ObjectPermissionChecker, assign_perm, get_user_obj_perms_model...: use
    core.objectperms.services (granted, objects_for_user, has_object_perm, grant) instead."""
    from django.conf import settings

    found = []
    for root in SOURCES:
        for file in sorted((ROOT / root).rglob("*.py")):
            if {"migrations", "tests", ".venv"} & set(file.parts):
                continue
            for line, name in _guardian_imports(ast.parse(file.read_text(encoding="utf-8"))):
                found.append(f"{file.relative_to(ROOT)}:{line} {name}")
    assert not found, "django-guardian's look-ups join the platform's tables: use core.objectperms.services: " + \
        "; ".join(found)
    assert "guardian.backends.ObjectPermissionBackend" not in settings.AUTHENTICATION_BACKENDS
    assert "core.objectperms.backends.UnitObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS


def test_the_check_sees_django_guardians_lookups():
    source = ast.parse("""
from guardian.shortcuts import get_objects_for_user
import guardian.core
from guardian.models import UserObjectPermissionAbstract
def f():
    from guardian.utils import get_user_obj_perms_model
""")
    assert _guardian_imports(source) == [(2, "guardian.shortcuts"), (3, "guardian.core"), (6, "guardian.utils")]
