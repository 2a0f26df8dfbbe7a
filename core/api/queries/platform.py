"""The platform endpoint (ICT department): units, their status and modules, memberships across units."""

import graphene
from django.utils.translation import gettext as _

from core.accounts.models import Membership
from core.api.connections import ListConnectionField
from core.api.errors import NOT_FOUND, ApiError
from core.api.modules_info import installed_modules, modules_of
from core.api.permissions import requires
from core.api.types.accounts import MEMBERSHIP_ORDER, MembershipConnection, PlatformMembershipFilter
from core.api.types.units import UNIT_ORDER, ModuleType, UnitConnection, UnitFilter, UnitModuleType, UnitType
from tenants.models import Unit


def _unit(code: str) -> Unit:
    unit = Unit.objects.select_related("kind", "parent").filter(code=code.strip()).first()
    if unit is None:
        raise ApiError(NOT_FOUND, _("Không có đơn vị mã %(code)s.") % {"code": code})
    return unit


class PlatformQuery(graphene.ObjectType):
    units = ListConnectionField(UnitConnection, filter=UnitFilter, order_by=UNIT_ORDER)
    unit = graphene.Field(UnitType, code=graphene.String(required=True))
    modules = graphene.List(graphene.NonNull(ModuleType), required=True)
    unit_modules = graphene.List(graphene.NonNull(UnitModuleType), required=True, code=graphene.String(required=True))
    memberships = ListConnectionField(MembershipConnection, filter=PlatformMembershipFilter, order_by=MEMBERSHIP_ORDER,
                                      object_permission="accounts.view_membership")

    @staticmethod
    @requires("tenants.view_unit")
    def resolve_units(root, info):
        return Unit.objects.all()

    @staticmethod
    @requires("tenants.view_unit")
    def resolve_unit(root, info, code):
        return _unit(code)

    @staticmethod
    @requires()
    def resolve_modules(root, info):
        return installed_modules()

    @staticmethod
    @requires("tenants.view_unit")
    def resolve_unit_modules(root, info, code):
        return modules_of(_unit(code))

    @staticmethod
    @requires("accounts.view_membership")
    def resolve_memberships(root, info):
        return Membership.objects.all()
