"""A unit administrator's work on the unit's people: add a member by exact user name or e-mail address (never picked
from a list, so nothing is learnt of other units' people: security finding 10), the roles a member holds, deactivate
and reactivate, invitations for a role. One function per action, each in a transaction, each in the unit's audit log.

The unit keeps at least one active administrator: the change that would leave it without one is refused."""

from datetime import timedelta
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.models import Invitation, Membership, Role
from core.accounts.roles import ADMINISTRATOR
from core.errors import ServiceError
from core.ids import object_id
from tenants.services import unit_and_platform_atomic

MEMBERS_PAGE = 50


class PeopleCode(StrEnum):
    PERSON_NOT_FOUND = "PERSON_NOT_FOUND"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_ROLE = "UNKNOWN_ROLE"
    LAST_ADMINISTRATOR = "LAST_ADMINISTRATOR"
    INVALID_EMAIL = "INVALID_EMAIL"


class PeopleRefused(ServiceError):
    codes = PeopleCode


def _audit(unit, action: str, membership_or_invitation, by, data: dict) -> None:
    from core.audit import services as audit
    from tenants.services import entered

    kind = "accounts.invitation" if isinstance(membership_or_invitation, Invitation) else "accounts.membership"
    label = (membership_or_invitation.email if kind == "accounts.invitation"
             else membership_or_invitation.user.get_username())
    with entered(unit):
        audit.record(action, object_type=kind, object_id=membership_or_invitation.pk, object_label=label, actor=by,
                     data=data)


def _roles(unit, codes, field: str = "roles") -> list[Role]:
    codes = list(dict.fromkeys(c for c in codes or () if c))
    found = list(Role.objects.filter(unit=unit, code__in=codes))
    unknown = sorted(set(codes) - {r.code for r in found})
    if unknown:
        raise PeopleRefused(PeopleCode.UNKNOWN_ROLE, _("Đơn vị không có vai trò %(codes)s.")
                            % {"codes": ", ".join(unknown)}, field)
    return found


def _member(unit, user_id, *, lock: bool = False) -> Membership:
    rows = Membership.objects.select_related("user").filter(unit=unit)
    if lock:
        rows = rows.select_for_update(of=("self",))
    membership = rows.filter(user_id=object_id(user_id)).first() if object_id(user_id) is not None else None
    if membership is None:
        raise PeopleRefused(PeopleCode.NOT_FOUND, _("Người này không phải thành viên của đơn vị."), "user_id",
                            status=404)
    return membership


def member(unit, user_id) -> Membership:
    """The unit's membership of the person with this id (active or not); NOT_FOUND for anyone else."""
    return _member(unit, user_id)


def _keeps_an_administrator(unit, membership: Membership, *, active: bool, role_codes: set[str]) -> None:
    """Refuse a change of `membership` after which the unit has no active administrator (the row locked first, so
    two administrators removing each other at once cannot both pass)."""
    if active and ADMINISTRATOR in role_codes:
        return
    others = (Membership.objects.select_for_update().filter(unit=unit, is_active=True, roles__code=ADMINISTRATOR,
                                                            user__is_active=True)
              .exclude(pk=membership.pk))
    if not list(others.values_list("pk", flat=True)[:1]):
        raise PeopleRefused(PeopleCode.LAST_ADMINISTRATOR, _(
            "Đơn vị phải còn ít nhất một quản trị đang hoạt động; hãy giao vai trò quản trị cho người khác trước."),
            "roles")


def find_person(value: str):
    """The one active account whose user name is `value` or whose e-mail address is `value` (any case); the same
    refusal for nobody and for several people, so nothing is learnt about who has an account."""
    value = (value or "").strip()
    matches = list(get_user_model().objects.filter(Q(username=value) | Q(email__iexact=value), is_active=True)[:2]
                   ) if value else []
    if len(matches) != 1:
        raise PeopleRefused(PeopleCode.PERSON_NOT_FOUND, _(
            "Không xác định được đúng một người với tên đăng nhập hoặc thư điện tử này."), "person")
    return matches[0]


def add_member(unit, person: str, role_codes, *, by) -> Membership:
    """Make the person named by exact user name or e-mail a member of the unit with these roles."""
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        user = find_person(person)
        roles = _roles(unit, role_codes)
        if Membership.objects.filter(user=user, unit=unit).exists():
            raise PeopleRefused(PeopleCode.ALREADY_MEMBER, _(
                "Người này đã là thành viên của đơn vị (kể cả khi đang tạm dừng): sửa ở dòng của họ."), "person",
                status=409)
        membership = Membership.objects.create(user=user, unit=unit)
        membership.roles.set(roles)
        _audit(unit, "add_member", membership, by, {"roles": sorted(r.code for r in roles)})
    return membership


def set_member_roles(unit, user_id, role_codes, *, by) -> Membership:
    """The member's roles become exactly these (of the unit's roles)."""
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        membership = _member(unit, user_id, lock=True)
        roles = _roles(unit, role_codes)
        codes = {r.code for r in roles}
        _keeps_an_administrator(unit, membership, active=membership.is_active, role_codes=codes)
        before = sorted(membership.roles.values_list("code", flat=True))
        membership.roles.set(roles)
        _audit(unit, "set_member_roles", membership, by, {"before": before, "after": sorted(codes)})
    return membership


def set_member_active(unit, user_id, active: bool, *, by) -> Membership:
    """Deactivate a member (they can no longer sign in to the unit; their roles and history stay) or reactivate."""
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        membership = _member(unit, user_id, lock=True)
        if membership.is_active == bool(active):
            return membership
        if not active:
            _keeps_an_administrator(unit, membership, active=False, role_codes=set())
        membership.is_active = bool(active)
        membership.save(update_fields=["is_active"])
        _audit(unit, "activate_member" if active else "deactivate_member", membership, by, {})
    return membership


def members(unit, *, search: str = "", page: int = 1) -> tuple[list[Membership], int]:
    """One page of the unit's own members (active first, then by name) with their roles, and the count; `search`
    narrows within the unit only."""
    rows = Membership.objects.filter(unit=unit).select_related("user").prefetch_related("roles")
    search = (search or "").strip()
    if search:
        rows = rows.filter(Q(user__username__icontains=search) | Q(user__first_name__icontains=search)
                           | Q(user__last_name__icontains=search) | Q(user__email__icontains=search))
    rows = rows.order_by("-is_active", "user__last_name", "user__first_name", "user__username")
    start = (max(page, 1) - 1) * MEMBERS_PAGE
    return list(rows[start:start + MEMBERS_PAGE]), rows.count()


# --- Invitations ---

def invite(unit, role_code: str, email: str, *, by) -> Invitation:
    """An invitation to join the unit with a role, for the administrator to hand to the person (its address:
    core.accounts.invitation.invitation_url); valid INVITATION_DAYS, redeemed once."""
    from core.accounts.invitation import INVITATION_DAYS

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise PeopleRefused(PeopleCode.INVALID_EMAIL, _("Địa chỉ thư điện tử không hợp lệ."), "email") from exc
    if not role_code:
        raise PeopleRefused(PeopleCode.UNKNOWN_ROLE, _("Hãy chọn vai trò."), "role")
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        role = _roles(unit, [role_code], "role")[0]
        invitation = Invitation.objects.create(unit=unit, role=role, email=email,
                                               expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
        _audit(unit, "invite", invitation, by, {"role": role.code})
    return invitation


def open_invitations(unit) -> list[Invitation]:
    return list(Invitation.objects.filter(unit=unit, accepted_at__isnull=True, expires_at__gt=timezone.now())
                .select_related("role").order_by("-expires_at", "-pk"))


def withdraw_invitation(unit, invitation_id, *, by) -> Invitation:
    """An open invitation of the unit stops working now (kept, expired, for the record)."""
    with unit_and_platform_atomic(unit):  # the change and its line in the unit's log together
        invitation = (Invitation.objects.select_for_update().filter(
            unit=unit, pk=object_id(invitation_id), accepted_at__isnull=True, expires_at__gt=timezone.now()).first()
            if object_id(invitation_id) is not None else None)
        if invitation is None:
            raise PeopleRefused(PeopleCode.NOT_FOUND, _("Không có lời mời đang mở này."), "id", status=404)
        invitation.expires_at = timezone.now()
        invitation.save(update_fields=["expires_at"])
        _audit(unit, "withdraw_invitation", invitation, by, {})
    return invitation
