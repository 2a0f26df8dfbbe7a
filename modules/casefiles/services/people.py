"""People a case file names (its keeper, whoever receives it in the archive) are members of the unit: an id from
another unit is refused, so nobody records, and then reads back, the name of a person outside the unit."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _

from modules.casefiles.services.errors import CasefilesCode, CasefilesError


def require_member(person_id: int | None, field: str) -> None:
    if person_id is None:
        return
    if not get_user_model().objects.filter(pk=person_id, is_active=True, memberships__unit_id=connection.tenant.pk,
                                           memberships__is_active=True).exists():
        raise CasefilesError(CasefilesCode.NOT_A_MEMBER, _("Người được chọn không phải thành viên của đơn vị."),
                             field=field)
