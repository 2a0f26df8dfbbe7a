"""The citizen signed in on a unit's portal: held in the portal's session, never as Django's signed-in user.

On a unit's address every signed-in user must be a member of the unit (core.accounts.middleware); a citizen is not,
so the portal keeps the person who signed in to it under its own session key. Signing in checks the account's
password through Django's authentication (failed attempts counted and accounts locked by core.accounts.signin, the
same as the staff's sign-in); it never opens a staff session, so it needs no second factor and grants nothing in the
workspace. Where the province connects the national citizen sign-on (VNeID), it sets the same key."""

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from core.accounts import signin
from modules.portal.services.errors import PortalError

SESSION_KEY = "portal_citizen"


def citizen(request):
    """The citizen signed in to the portal in this browser session, or None."""
    user_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not user_id:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def sign_in(request, username: str, password: str):
    notice = signin.refusal(username, request)
    if notice:
        raise PortalError("SIGN_IN_REFUSED", notice, "username", status=403)
    user = auth.authenticate(request, username=username, password=password)
    if user is None:
        raise PortalError("SIGN_IN_REFUSED", _("Tên đăng nhập hoặc mật khẩu không đúng."), "username", status=400)
    request.session.cycle_key()  # a new session id once someone signed in (session fixation)
    request.session[SESSION_KEY] = user.pk
    return user


def sign_out(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def profile_of(user) -> dict:
    """What the citizen's account says of them, by the dictionary's prefill meanings."""
    if user is None:
        return {}
    return {"applicant.full_name": user.get_full_name(), "applicant.email": user.email,
            "applicant.phone": getattr(user, "phone", "")}
