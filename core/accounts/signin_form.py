"""The sign-in forms' shared part: a locked account or client gets its notice instead of "wrong password"."""

from django import forms

from core.accounts import signin


class ThrottledSignIn(forms.Form):
    """Mixin for AuthenticationForm subclasses (self.request is the sign-in request)."""

    def clean(self):
        notice = signin.refusal(self.cleaned_data.get("username"), self.request)
        if notice:
            raise forms.ValidationError(notice, code="locked")
        return super().clean()
