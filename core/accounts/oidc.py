"""Single sign-on with the province's OpenID Connect provider, an option beside the local accounts (the default).

mozilla-django-oidc runs the authorization code flow (state, nonce, PKCE, the id_token's signature checked against the
provider's keys). What is the project's:
- the person is found, never created: one identity per person, invited into units by their administrators. The claim
  that names them (EGOV_OIDC_MATCH: `email`, matched case-insensitively and only when the provider says it is
  verified, or `preferred_username`) must match exactly one active account;
- signing in ends like a password sign-in: the second factor is asked when the person uses it or their role requires
  it (core.web.second_factor_views.begin), then the platform's unit picker hands them over to a unit;
- it answers on the platform's address only (the provider knows one callback address); a unit's sign-in page links
  there. Unconfigured (no EGOV_OIDC_CLIENT_ID), its pages answer 404.
"""

from django.conf import settings
from django.http import Http404
from django.urls import path
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


def is_configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class ProvinceSignOn(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        if settings.EGOV_OIDC_MATCH == "email":
            return bool(claims.get("email")) and claims.get("email_verified") is True
        return bool(claims.get(settings.EGOV_OIDC_MATCH))

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(is_active=True)
        value = claims.get(settings.EGOV_OIDC_MATCH)
        if not value:
            return users.none()
        if settings.EGOV_OIDC_MATCH == "email":
            return users.filter(email__iexact=value)
        return users.filter(username=value)

    def create_user(self, claims):
        return None  # never: people are invited (core.accounts.invitation)


class _OnlyWhenConfigured:
    def __init__(self, **kwargs):
        if is_configured():
            super().__init__(**kwargs)
        else:
            View.__init__(self, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not is_configured() or getattr(request, "unit", None) is not None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class Start(_OnlyWhenConfigured, OIDCAuthenticationRequestView):
    """Sends the person to the provider (with state, nonce and PKCE kept in the session)."""


class Callback(_OnlyWhenConfigured, OIDCAuthenticationCallbackView):
    """The provider's answer: the person found by their claim, then the same ending as a password sign-in."""

    def login_success(self):
        from core.web.second_factor_views import begin

        return begin(self.request, self.user, self.success_url)


urlpatterns = [
    path("", Start.as_view(), name="oidc_authentication_init"),
    path("ve/", Callback.as_view(), name="oidc_authentication_callback"),
]
