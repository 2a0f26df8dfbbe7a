"""Invitations: made for a unit's first administrator when the unit is provisioned, redeemed once by that person.

Redeeming checks everything before it writes: a forged, used or expired token, a taken user name or a weak password
is refused with a code (InvitationCode) and changes nothing.
"""

from datetime import timedelta
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.models import Invitation, Membership, Role
from core.accounts.roles import ADMINISTRATOR
from core.errors import ServiceError
from core.public_address import public_url

INVITATION_DAYS = 30
MIN_PASSWORD_LENGTH = 10  # the first administrator's account: also checked by AUTH_PASSWORD_VALIDATORS when set


class InvitationCode(StrEnum):
    NOT_FOUND = "INVITATION_NOT_FOUND"
    USED = "INVITATION_USED"
    EXPIRED = "INVITATION_EXPIRED"
    UNIT_NOT_READY = "UNIT_NOT_READY"
    USERNAME_REQUIRED = "USERNAME_REQUIRED"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    WEAK_PASSWORD = "WEAK_PASSWORD"


class InvitationRefused(ServiceError):
    codes = InvitationCode


def create_admin_invitation(unit, email: str = "") -> Invitation:
    """The invitation the ICT department hands to a new unit's first administrator (one open invitation per unit)."""
    role = Role.objects.get(unit=unit, code=ADMINISTRATOR)
    open_invitation = Invitation.objects.filter(unit=unit, role=role, accepted_at__isnull=True).first()
    if open_invitation:
        return open_invitation
    return Invitation.objects.create(unit=unit, role=role, email=email,
                                     expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))


def invitation_url(invitation: Invitation) -> str:
    """The address the invited person opens (on the platform's public address, EGOV_PUBLIC_URL)."""
    return public_url(f"/loi-moi/{invitation.token}/")


def open_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The invitation of this token while it can still be redeemed; InvitationRefused otherwise."""
    from tenants.models import UnitStatus

    rows = Invitation.objects.select_related("unit", "role")
    invitation = (rows.select_for_update(of=("self",)) if lock else rows).filter(token=str(token or "")).first()
    if invitation is None:
        raise InvitationRefused(InvitationCode.NOT_FOUND, _("Lời mời không tồn tại."), "token", status=404)
    if invitation.accepted_at is not None:
        raise InvitationRefused(InvitationCode.USED, _("Lời mời này đã được dùng."), "token", status=410)
    if invitation.expires_at <= timezone.now():
        raise InvitationRefused(InvitationCode.EXPIRED, _("Lời mời này đã hết hạn; đề nghị Sở TT&TT cấp lời mời mới."),
                                "token", status=410)
    if invitation.unit.status != UnitStatus.READY:
        raise InvitationRefused(InvitationCode.UNIT_NOT_READY, _("Đơn vị %(unit)s chưa sẵn sàng.")
                                % {"unit": invitation.unit.name}, "token", status=409)
    return invitation


def redeem_invitation(token: str, *, user=None, username: str = "", password: str = "", first_name: str = "",
                      last_name: str = "", email: str = "") -> Membership:
    """Make the person a member of the invitation's unit with its role, once.

    A signed-in `user` joins as who they are; otherwise an account is created with `username` and `password`
    (checked by the installation's password rules). Returns the membership."""
    from core.accounts.services import grant_membership

    with transaction.atomic():
        invitation = open_invitation(token, lock=True)
        if user is None or not user.is_authenticated:
            user = _new_account(username, password, first_name=first_name, last_name=last_name,
                                email=email or invitation.email)
        membership = grant_membership(user, invitation.unit, [invitation.role.code])
        invitation.accepted_by, invitation.accepted_at = user, timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    return membership


def _new_account(username: str, password: str, **fields):
    username = (username or "").strip()
    User = get_user_model()
    if not username:
        raise InvitationRefused(InvitationCode.USERNAME_REQUIRED, _("Cần tên đăng nhập."), "username")
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationRefused(InvitationCode.USERNAME_TAKEN, _("Tên đăng nhập %(name)s đã có người dùng.")
                                % {"name": username}, "username", status=409)
    candidate = User(username=username, **fields)
    try:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(_("Mật khẩu cần ít nhất %(n)d ký tự.") % {"n": MIN_PASSWORD_LENGTH})
        validate_password(password, candidate)
    except ValidationError as exc:
        raise InvitationRefused(InvitationCode.WEAK_PASSWORD, " ".join(exc.messages), "password") from exc
    candidate.set_password(password)
    candidate.save()
    return candidate
