"""People, roles and memberships."""

import graphene

from core.api.connections import CountableConnection, FilterInput, Ordering
from core.api.optimizer import prefetch, select


class UserType(graphene.ObjectType):
    class Meta:
        name = "User"
        description = "Một người dùng (hoặc tài khoản dịch vụ). / A person (or a service account)."

    id = graphene.ID(required=True)
    username = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    email = graphene.String(required=True)

    @staticmethod
    def resolve_full_name(root, info):
        return root.get_full_name() or root.username


class RoleType(graphene.ObjectType):
    class Meta:
        name = "Role"
        description = "Vai trò trong một đơn vị. / A role inside one unit."

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    permissions = graphene.List(graphene.NonNull(graphene.String), required=True,
                                description="app_label.codename của các quyền vai trò giữ. / The role's permissions.")

    @staticmethod
    def resolve_permissions(root, info):
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in root.permissions.all())


class UnitRefType(graphene.ObjectType):
    class Meta:
        name = "UnitRef"
        description = "Mã và tên một đơn vị. / A unit's code and name."

    code = graphene.String(required=True)
    name = graphene.String(required=True)


class MembershipType(graphene.ObjectType):
    class Meta:
        name = "Membership"
        description = "Một người phục vụ một đơn vị, với các vai trò. / A person serving a unit, with their roles."

    optimizations = {"user": select("user"), "unit": select("unit"), "roles": prefetch("roles")}

    id = graphene.ID(required=True)
    user = graphene.Field(UserType, required=True)
    unit = graphene.Field(UnitRefType, required=True)
    roles = graphene.List(graphene.NonNull(RoleType), required=True)
    is_active = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_roles(root, info):
        return root.roles.all()


class MembershipConnection(CountableConnection):
    class Meta:
        node = MembershipType


class MembershipFilter(FilterInput):
    """search: tên đăng nhập, họ tên, thư điện tử / username, name, e-mail."""

    search = graphene.String()
    is_active = graphene.Boolean()
    role = graphene.String(description="Mã vai trò. / Role code.")

    lookups = {"is_active": "is_active", "role": "roles__code"}
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")


class PlatformMembershipFilter(MembershipFilter):
    unit_code = graphene.String()
    username = graphene.String()

    lookups = {**MembershipFilter.lookups, "unit_code": "unit__code", "username": "user__username"}


MEMBERSHIP_ORDER = Ordering("MembershipOrder", {
    "USERNAME": "user__username", "LAST_NAME": "user__last_name", "CREATED_AT": "created_at",
}, default="USERNAME")
