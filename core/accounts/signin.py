"""Sign-in throttling: wrong passwords are counted per account and per client address (core.client_address) in the
cache. After LIMIT_PER_ACCOUNT failures an account is locked for LOCK_SECONDS, whoever tries, and its owner gets an
e-mail; after LIMIT_PER_CLIENT failures a client is refused for LOCK_SECONDS, whatever account it names. While locked,
even the right password is refused (PasswordBackend), so guessing cannot go on behind the lock."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.mail import send_mail
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from core.client_address import client_address

LIMIT_PER_ACCOUNT = 5
LIMIT_PER_CLIENT = 20
LOCK_SECONDS = 900

log = logging.getLogger("core.accounts")


def _key(kind: str, value: str) -> str:
    return f"signin:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _installation_wide():
    """Cache keys carry the current unit's schema (django-tenants): the counters are kept under the platform's, so
    one account's failures add up whichever unit's sign-in page they come through."""
    return schema_context(get_public_schema_name())


def _get(key: str) -> int:
    with _installation_wide():
        return cache.get(key) or 0


def _account(username: str | None) -> str:
    return (username or "").strip().lower()


def _client(request) -> str:
    return client_address(request) if request is not None else ""


def refusal(username: str | None, request) -> str | None:
    """Why a sign-in is refused before its password is even checked (a notice for the person), or None."""
    minutes = LOCK_SECONDS // 60
    if _get(_key("account", _account(username))) >= LIMIT_PER_ACCOUNT:
        return _("Tài khoản tạm khoá %(m)d phút vì nhập sai mật khẩu nhiều lần; chủ tài khoản đã được báo qua thư "
                 "điện tử.") % {"m": minutes}
    if request is not None and _get(_key("client", _client(request))) >= LIMIT_PER_CLIENT:
        return _("Máy của bạn nhập sai mật khẩu quá nhiều lần; vui lòng thử lại sau %(m)d phút.") % {"m": minutes}
    return None


def _bump(key: str) -> int:
    with _installation_wide():
        if cache.add(key, 1, LOCK_SECONDS):
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            cache.set(key, 1, LOCK_SECONDS)
            return 1


def _notify_owner(username: str) -> None:
    user = get_user_model().objects.filter(username__iexact=username).exclude(email="").first()
    if user is None:
        return
    try:
        send_mail(_("Tài khoản của bạn tạm bị khoá"),
                  _("Tài khoản %(u)s vừa bị nhập sai mật khẩu %(n)d lần nên tạm khoá %(m)d phút. Nếu không phải bạn, "
                    "hãy báo bộ phận quản trị.") % {"u": user.username, "n": LIMIT_PER_ACCOUNT,
                                                    "m": LOCK_SECONDS // 60},
                  settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # noqa: BLE001 - a mail server down must not turn a refused sign-in into a server error
        log.exception("lock-out notice to %s not sent", user.username)


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    username = _account(credentials.get("username"))
    if request is not None:
        _bump(_key("client", _client(request)))
    if username and _bump(_key("account", username)) == LIMIT_PER_ACCOUNT:
        _notify_owner(username)


@receiver(user_logged_in)
def _succeeded(sender, request, user, **kwargs):
    with _installation_wide():
        cache.delete(_key("account", _account(user.get_username())))
