"""Issuing, revoking and checking API tokens. The plain token is returned once, at issue; only its hash is kept."""

import functools
import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import member_unit_ids
from core.accounts.unit_permissions import has_platform_perm
from core.api.models import ApiToken, TokenKind
from core.errors import ServiceError
from tenants.models import Unit
from tenants.services import platform_atomic

TOKEN_PREFIX = "egov_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often per token, so a busy program does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TokenCode(StrEnum):
    INVALID_TOKEN = "INVALID_TOKEN"
    TOKEN_REVOKED = "TOKEN_REVOKED"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_NOT_FOR_PLATFORM = "TOKEN_NOT_FOR_PLATFORM"
    TOKEN_NOT_FOR_UNIT = "TOKEN_NOT_FOR_UNIT"


class TokenRefused(ServiceError):
    """The bearer token cannot be used for this request (HTTP 401 unless said otherwise)."""

    codes = TokenCode
    status = 401

    def __init__(self, code: str, message, status: int | None = None):
        super().__init__(code, message, status=status)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _expiry(days: int | None):
    days = DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"expires_in_days": ValidationError(
            _("Thời hạn phải từ 1 đến %(max)d ngày.") % {"max": MAX_DAYS}, code="INVALID")})
    return timezone.now() + timedelta(days=days)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError({"name": ValidationError(_("Tên mã phải có từ 1 đến 120 ký tự."), code="INVALID")})
    return name


def _units_by_code(codes: list[str]) -> list[Unit]:
    codes = sorted({c.strip() for c in codes if c and c.strip()})
    units = list(Unit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise ValidationError({"unit_codes": ValidationError(
            _("Không có đơn vị mã: %(codes)s.") % {"codes": ", ".join(missing)}, code="NOT_FOUND")})
    return units


def _create(user, name: str, kind: str, units: list[Unit], days: int | None, created_by) -> tuple[ApiToken, str]:
    raw = _new_raw_token()
    token = ApiToken.objects.create(
        user=user, name=name, kind=kind, prefix=raw[: len(TOKEN_PREFIX) + 6], token_hash=hash_token(raw),
        expires_at=_expiry(days), created_by=created_by,
    )
    if units:
        token.units.set(units)
    return token, raw


def _platform_transaction(function):
    """The function's rows (a token, its units, a service account) in one transaction on the platform's connection,
    also when a unit's API issues the token inside a unit on another database server, where transaction.atomic()
    would cover the unit's server and each row commit on its own (a token without its units)."""
    @functools.wraps(function)
    def within(*args, **kwargs):
        with platform_atomic():
            return function(*args, **kwargs)

    return within


@_platform_transaction
def issue_personal_token(user, name: str, unit_codes: list[str] | None = None,
                         expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """A token acting as `user`; restricted to `unit_codes` when given (each must be a unit the user serves)."""
    name = _clean_name(name)
    units = _units_by_code(unit_codes or [])
    if units and not user.is_superuser:
        outside = sorted(u.code for u in units if u.pk not in member_unit_ids(user))
        if outside:
            raise ValidationError({"unit_codes": ValidationError(
                _("Bạn không phải thành viên của đơn vị: %(codes)s.") % {"codes": ", ".join(outside)},
                code="NOT_A_MEMBER")})
    return _create(user, name, TokenKind.PERSONAL, units, expires_in_days, created_by=user)


@_platform_transaction
def issue_service_token(issuer, username: str, name: str, unit_codes: list[str],
                        expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """A token for a service account (created when missing, without a password). Always restricted to units.

    The account acts in a unit only once that unit's administrator made it a member, with the roles it needs.
    """
    name = _clean_name(name)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": ValidationError(_("Cần tên tài khoản dịch vụ."), code="REQUIRED")})
    units = _units_by_code(unit_codes or [])
    if not units:
        raise ValidationError({"unit_codes": ValidationError(
            _("Mã của tài khoản dịch vụ phải giới hạn trong ít nhất một đơn vị."), code="REQUIRED")})
    account = get_or_create_service_account(username)
    return _create(account, name, TokenKind.SERVICE, units, expires_in_days, created_by=issuer)


def get_or_create_service_account(username: str):
    """A user without a password that programs act as; a person's account (with a password) is refused."""
    user_model = get_user_model()
    account = user_model.objects.filter(username=username).first()
    if account is None:
        account = user_model(username=username, is_active=True)
        account.set_unusable_password()
        account.save()
    elif account.has_usable_password():
        raise ValidationError({"username": ValidationError(
            _("%(username)s là tài khoản của một người, không phải tài khoản dịch vụ.") % {"username": username},
            code="NOT_A_SERVICE_ACCOUNT")})
    return account


def revoke_token(token: ApiToken, by_user) -> ApiToken:
    """Revoke a token: its owner may, and so may whoever holds api.delete_apitoken on the platform (a platform grant:
    a unit role never counts, so a unit administrator cannot reach another person's token)."""
    if token.user_id != by_user.pk and not has_platform_perm(by_user, "api.delete_apitoken"):
        raise ValidationError({"id": ValidationError(_("Không có mã truy cập này."), code="NOT_FOUND")})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def authenticate(raw: str, unit: Unit | None) -> ApiToken:
    """The token behind a bearer value, valid for this request's unit (None: the platform). Raises TokenRefused."""
    through = ApiToken.units.through
    token = (
        ApiToken.objects.select_related("user")
        .annotate(
            restricted=Exists(through.objects.filter(apitoken_id=OuterRef("pk"))),
            allowed_here=Exists(through.objects.filter(apitoken_id=OuterRef("pk"), unit_id=unit.pk if unit else None)),
        )
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is None or not token.user.is_active:
        raise TokenRefused("INVALID_TOKEN", _("Mã truy cập không hợp lệ."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("TOKEN_REVOKED", _("Mã truy cập đã bị thu hồi."))
    if token.expires_at <= now:
        raise TokenRefused("TOKEN_EXPIRED", _("Mã truy cập đã hết hạn."))
    if token.restricted and unit is None:
        raise TokenRefused("TOKEN_NOT_FOR_PLATFORM", _("Mã truy cập này chỉ dùng tại một số đơn vị."), 403)
    if token.restricted and not token.allowed_here:
        raise TokenRefused("TOKEN_NOT_FOR_UNIT", _("Mã truy cập này không dùng được tại đơn vị %(unit)s.")
                           % {"unit": unit.code}, 403)
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
