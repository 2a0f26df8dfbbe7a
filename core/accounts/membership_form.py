"""The unit admin's form to add a member: the person is named by exact user name or e-mail address, never chosen from
a list, so a unit administrator cannot browse the people of other units."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.accounts.models import Membership


class AddMemberForm(forms.ModelForm):
    unit = None  # set per request by the admin (get_form)

    person = forms.CharField(
        label=_("Tên đăng nhập hoặc thư điện tử"), max_length=254,
        help_text=_("Nhập đúng tên đăng nhập hoặc địa chỉ thư điện tử của người cần thêm. / The exact user name or "
                    "e-mail address of the person to add."))

    class Meta:
        model = Membership
        fields = ("person", "roles", "is_active")

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        matches = list(get_user_model().objects.filter(Q(username=value) | Q(email__iexact=value), is_active=True)[:2])
        if len(matches) != 1:
            # The same answer for nobody and for several people: nothing is learnt about who has an account.
            raise forms.ValidationError(_("Không xác định được đúng một người với tên đăng nhập hoặc thư điện tử này."),
                                        code="NOT_FOUND")
        person = matches[0]
        if Membership.objects.filter(user=person, unit=self.unit).exists():
            raise forms.ValidationError(_("Người này đã là thành viên của đơn vị."), code="ALREADY_MEMBER")
        return person

    def save(self, commit=True):
        self.instance.user = self.cleaned_data["person"]
        return super().save(commit)
