"""The invitation page (platform address, /loi-moi/<token>/): the invited person sees the unit and the role, creates
an account (or joins as the person signed in) and is told where to sign in. It calls the accounts services only."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from core.accounts.services import InvitationRefused, open_invitation, redeem_invitation


class NewAccountForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không giống nhau."))
        return data


def _sign_in_address(request, unit) -> str:
    domain = unit.domains.filter(is_primary=True).first() or unit.domains.first()
    host = domain.domain if domain else request.get_host().split(":")[0]
    port = request.get_port()
    port = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{host}{port}/admin/"


@csrf_protect
def invitation_page(request, token: str):
    try:
        invitation = open_invitation(token)
    except InvitationRefused as refused:
        return render(request, "accounts/invitation.html", {"refused": refused}, status=refused.status)
    signed_in = request.user.is_authenticated
    form = None if signed_in else NewAccountForm(request.POST or None)
    context = {"invitation": invitation, "form": form}
    if request.method == "POST" and (form is None or form.is_valid()):
        data = {} if form is None else {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            membership = redeem_invitation(token, user=request.user if signed_in else None, **data)
        except InvitationRefused as refused:
            if form is not None and refused.field in form.fields:
                form.add_error(refused.field, refused.message)
                return render(request, "accounts/invitation.html", context, status=400)
            return render(request, "accounts/invitation.html", {"refused": refused}, status=refused.status)
        return render(request, "accounts/invitation.html", {
            "done": membership, "invitation": invitation, "sign_in": _sign_in_address(request, invitation.unit)})
    return render(request, "accounts/invitation.html", context, status=400 if request.method == "POST" else 200)
