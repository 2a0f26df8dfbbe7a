"""The accounts API: memberships, roles and invitations. Other code calls these, not the models."""

import hashlib

from django.contrib.auth.models import Permission
from django.db import connection, connections, router, transaction
from django.db.models import Count

from core.accounts.invitation import (  # noqa: F401 - part of the accounts API
    INVITATION_DAYS,
    InvitationCode,
    InvitationRefused,
    create_admin_invitation,
    invitation_url,
    open_invitation,
    redeem_invitation,
)
from core.accounts.models import Membership, Role
from core.accounts.roles import all_role_specs


def _permissions_by_name() -> dict[str, int]:
    """{'app.codename': permission id}: ids only, no model instances (read for every new unit: 400-odd permissions
    made into objects were most of provisioning's Python)."""
    return {f"{app}.{codename}": pk for pk, app, codename in
            Permission.objects.values_list("pk", "content_type__app_label", "codename")}


def _signature(permission_ids: list[int]) -> str:
    """A declared role's permissions as given to a unit's role: a change of the declaration or of a permission's id
    changes it."""
    return hashlib.md5(",".join(map(str, sorted(permission_ids))).encode()).hexdigest()


def create_default_roles(unit) -> list[Role]:
    """Give a unit the default roles (and those modules registered); running it again adds only what is missing."""
    perms = _permissions_by_name()
    existing = set(Role.objects.filter(unit=unit).values_list("code", flat=True))
    specs = [s for s in all_role_specs() if s.code not in existing]
    wanted = {s.code: [perms[name] for name in _expand(s.permissions, perms)] for s in specs}
    roles = Role.objects.bulk_create([Role(unit=unit, code=s.code, name=str(s.name),
                                           spec_signature=_signature(wanted[s.code])) for s in specs])
    pairs = [(role.pk, pk) for role in roles for pk in wanted[role.code]]
    if pairs:  # one statement from two arrays: no model instance per row; on the platform's server (the router's)
        through = Role.permissions.through
        with connections[router.db_for_write(through)].cursor() as cur:
            cur.execute(f"INSERT INTO {through._meta.db_table} (role_id, permission_id) "
                        "SELECT * FROM unnest(%s::bigint[], %s::int[])", [[r for r, _ in pairs], [p for _, p in pairs]])
    return roles


def sync_roles(every_role: bool = False) -> int:
    """Bring every unit's roles up to the specs the code declares now (a module added permissions to a role, or a
    new role): missing roles are created, missing permissions added; nothing is removed. Returns rows added.

    Only the declarations that changed are applied: a role records the digest of the permissions it was given
    (`spec_signature`), so a run with nothing new costs two reads whatever the number of units (the top-up of every
    role took 9 s of a no-op `egov migrate` at 11,367 units). `every_role=True` (`egov migrate --verify`) tops up
    every role as if each declaration had changed."""
    from tenants.models import Unit, UnitStatus

    perms = _permissions_by_name()
    in_service = [UnitStatus.READY, UnitStatus.SUSPENDED]
    added = 0
    with transaction.atomic():
        units = Unit.objects.filter(status__in=in_service).count()
        roles_in_service = dict(Role.objects.filter(unit__status__in=in_service).order_by().values_list("code")
                                .annotate(n=Count("id")).values_list("code", "n"))
        signatures: dict[str, set[str]] = {}
        for code, signature in Role.objects.order_by().values_list("code", "spec_signature").distinct():
            signatures.setdefault(code, set()).add(signature)
        for spec in all_role_specs():
            wanted = [perms[n] for n in _expand(spec.permissions, perms)]
            signature = _signature(wanted)
            if roles_in_service.get(spec.code, 0) < units:
                have = Role.objects.filter(code=spec.code, unit__status__in=in_service).values("unit_id")
                lacking = Unit.objects.filter(status__in=in_service).exclude(pk__in=have).values_list("pk", flat=True)
                Role.objects.bulk_create([Role(unit_id=pk, code=spec.code, name=str(spec.name)) for pk in lacking])
                signatures.setdefault(spec.code, set()).add("")
            if not every_role and signatures.get(spec.code, set()) <= {signature}:
                continue
            with connection.cursor() as cur:
                # One statement per role spec, whatever the number of units.
                if wanted:
                    cur.execute(
                        f"INSERT INTO {Role.permissions.through._meta.db_table} (role_id, permission_id) "
                        "SELECT r.id, p.id FROM accounts_role r CROSS JOIN unnest(%s::int[]) AS p(id) "
                        "WHERE r.code = %s AND (r.spec_signature <> %s OR %s) ON CONFLICT DO NOTHING",
                        [wanted, spec.code, signature, every_role])
                    added += cur.rowcount
            Role.objects.filter(code=spec.code).exclude(spec_signature=signature).update(spec_signature=signature)
    return added


def _expand(wanted: tuple[str, ...], perms: dict[str, int]) -> list[str]:
    """'app.codename' as given, 'app.*' as every permission of that app; unknown names are ignored."""
    names = [n for n in wanted if n in perms]
    for pattern in (n for n in wanted if n.endswith(".*")):
        names += [n for n in perms if n.startswith(pattern[:-1])]
    return list(dict.fromkeys(names))


def grant_membership(user, unit, role_codes: list[str]) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    membership.roles.add(*Role.objects.filter(unit=unit, code__in=role_codes))
    return membership


def is_member(user, unit) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, unit=unit, is_active=True).exists()


def member_unit_ids(user) -> set[int]:
    return set(Membership.objects.filter(user=user, is_active=True).values_list("unit_id", flat=True))


def role_codes(user, unit) -> set[str]:
    """The codes of the roles `user` holds in `unit` (empty when not an active member)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(Role.objects.filter(unit=unit, memberships__user=user, memberships__is_active=True)
               .values_list("code", flat=True))


def role_names(unit) -> dict[str, str]:
    """{role code: name} of the unit's roles (the names the unit gave them)."""
    return dict(Role.objects.filter(unit_id=unit.pk).values_list("code", "name"))


def member_emails(unit, role_code: str) -> list[str]:
    """E-mail addresses of the unit's active members holding the role, each once, in a stable order."""
    from django.contrib.auth import get_user_model

    rows = (get_user_model().objects
            .filter(is_active=True, memberships__unit=unit, memberships__is_active=True,
                    memberships__roles__code=role_code)
            .exclude(email="").values_list("email", flat=True).distinct().order_by("email"))
    return list(rows)


def members_with_role(unit, role_code: str) -> list[tuple[int, str]]:
    """(id, full name or username) of the unit's active members holding the role, each once, by name: the pickers
    of the workspace (the leader a document is presented to, the signing authority)."""
    from django.contrib.auth import get_user_model

    rows = (get_user_model().objects
            .filter(is_active=True, memberships__unit=unit, memberships__is_active=True,
                    memberships__roles__code=role_code)
            .values_list("pk", "first_name", "last_name", "username").distinct()
            .order_by("first_name", "last_name", "username", "pk"))
    return [(pk, f"{last} {first}".strip() or username) for pk, first, last, username in rows]


# A unit administrator's pages and the API's mutations over people and roles.
from core.accounts.people import (  # noqa: E402,F401 - part of the accounts API
    MEMBERS_PAGE,
    PeopleCode,
    PeopleRefused,
    add_member,
    find_person,
    invite,
    member,
    members,
    open_invitations,
    set_member_active,
    set_member_roles,
    withdraw_invitation,
)
from core.accounts.role_editing import (  # noqa: E402,F401 - part of the accounts API
    KEPT_BY_ADMINISTRATOR,
    RoleCode,
    RoleRefused,
    change_role,
    create_role,
    permission_choices,
    roles_with_permissions,
)
