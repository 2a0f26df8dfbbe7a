"""Confirming the memberships a reorganisation carried into a unit: on the platform by the ICT department, on the unit's
own endpoint by its administrator. Both call tenants.services.reorganisation.runs.confirm_memberships."""

import graphene
from django.utils.translation import gettext as _

from core.api.mutations.base import BaseMutation, MutationError
from core.api.types.reorganisation import CarriedMembershipType
from tenants.models import Unit
from tenants.services.reorganisation import runs


def _confirm(cls, info, unit, ids):
    confirmed = runs.confirm_memberships(unit, ids, info.context.user)
    wanted = {str(i).strip() for i in ids}
    rows = [m for m in runs.carried_memberships(unit) if str(m.pk) in wanted]
    return cls(confirmed=confirmed, memberships=rows)


class ConfirmCarriedMemberships(BaseMutation):
    """Xác nhận thành viên chuyển sang đơn vị (Sở TT&TT). / Confirm memberships carried into a unit (ICT department)."""

    platform_permissions = ("tenants.change_carriedmembership",)

    class Arguments:
        unit_code = graphene.String(required=True)
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    confirmed = graphene.Int(description="Số vừa xác nhận (đã xác nhận trước thì không tính). / Confirmed now.")
    memberships = graphene.List(graphene.NonNull(CarriedMembershipType))

    @classmethod
    def perform(cls, info, unit_code, ids):
        unit = Unit.objects.filter(code=unit_code.strip()).first()
        if unit is None:
            raise MutationError("NOT_FOUND", _("Không có đơn vị mã %(code)s.") % {"code": unit_code}, field="unitCode")
        return _confirm(cls, info, unit, ids)


class ConfirmCarriedMembershipsHere(BaseMutation):
    """Quản trị đơn vị xác nhận thành viên chuyển sang từ đơn vị đã chấm dứt. / The unit's administrator confirms the
    memberships carried into it."""

    class Meta:
        name = "ConfirmCarriedMembershipsHere"

    permissions = ("accounts.change_membership",)

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    confirmed = graphene.Int(description="Số vừa xác nhận (đã xác nhận trước thì không tính). / Confirmed now.")
    memberships = graphene.List(graphene.NonNull(CarriedMembershipType))

    @classmethod
    def perform(cls, info, ids):
        return _confirm(cls, info, info.context.unit, ids)
