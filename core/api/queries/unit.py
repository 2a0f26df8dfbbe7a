"""The unit endpoint's own fields: the caller, their membership here, the unit's members and roles."""

import graphene
from django.utils.translation import gettext as _

from core.accounts.models import Membership, Role
from core.api.connections import ListConnectionField
from core.api.errors import NOT_FOUND, ApiError
from core.api.modules_info import modules_of
from core.api.permissions import requires
from core.api.types.accounts import MEMBERSHIP_ORDER, MembershipConnection, MembershipFilter, MembershipType, RoleType
from core.api.types.units import UnitModuleType, UnitType


class MyMembershipType(MembershipType):
    class Meta:
        name = "MyMembership"
        description = "Tư cách thành viên của người gọi tại đơn vị. / The caller's membership in this unit."

    permissions = graphene.List(graphene.NonNull(graphene.String), required=True,
                                description="Quyền của người gọi tại đơn vị. / The caller's permissions here.")

    @staticmethod
    def resolve_permissions(root, info):
        return sorted(info.context.user.get_all_permissions())


class UnitQuery(graphene.ObjectType):
    unit = graphene.Field(UnitType, required=True, description="Đơn vị của điểm truy cập này. / This endpoint's unit.")
    my_membership = graphene.Field(MyMembershipType)
    members = ListConnectionField(MembershipConnection, filter=MembershipFilter, order_by=MEMBERSHIP_ORDER,
                                  object_permission="accounts.view_membership",
                                  description="Thành viên của đơn vị (quyền accounts.view_membership, theo vai trò "
                                              "hoặc theo từng đối tượng). / The unit's members.")
    roles = graphene.List(graphene.NonNull(RoleType), required=True)
    modules = graphene.List(graphene.NonNull(UnitModuleType), required=True)

    @staticmethod
    def resolve_unit(root, info):
        return info.context.unit

    @staticmethod
    @requires()
    def resolve_my_membership(root, info):
        membership = (Membership.objects.select_related("user", "unit").prefetch_related("roles")
                      .filter(unit=info.context.unit, user=info.context.user).first())
        if membership is None:
            raise ApiError(NOT_FOUND, _("Bạn không phải thành viên của đơn vị này."))
        return membership

    @staticmethod
    @requires()
    def resolve_members(root, info):
        return Membership.objects.filter(unit=info.context.unit)

    @staticmethod
    @requires("accounts.view_role")
    def resolve_roles(root, info):
        return Role.objects.filter(unit=info.context.unit).prefetch_related("permissions__content_type").order_by("code")

    @staticmethod
    @requires()
    def resolve_modules(root, info):
        return modules_of(info.context.unit)
