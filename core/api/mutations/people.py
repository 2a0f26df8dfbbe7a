"""The unit administrator's operations (unit endpoint), the same services as the workspace's pages: members added
by exact user name or e-mail, their roles and activity, invitations, roles and their permissions, and the unit's
settings of its enabled modules. Switching modules on or off is the platform's enableModule/disableModule."""

import graphene
from graphene.types.generic import GenericScalar

from core.accounts import services as accounts
from core.api.mutations.base import BaseMutation
from core.api.types.accounts import MembershipType, RoleType
from core.api.types.administration import InvitationType


def _by(info):
    return info.context.user


class MembersAdd(BaseMutation):
    """Thêm một người vào đơn vị theo đúng tên đăng nhập hoặc thư điện tử. / Add a person to the unit by exact user
    name or e-mail address."""

    permissions = ("accounts.add_membership",)

    class Arguments:
        person = graphene.String(required=True)
        roles = graphene.List(graphene.NonNull(graphene.String), required=True)

    membership = graphene.Field(MembershipType)

    @classmethod
    def perform(cls, info, person, roles):
        return cls(membership=accounts.add_member(info.context.unit, person, roles, by=_by(info)))


class MembersSetRoles(BaseMutation):
    """Vai trò của một thành viên trở thành đúng các vai trò này. / A member's roles become exactly these."""

    permissions = ("accounts.change_membership",)

    class Arguments:
        user_id = graphene.ID(required=True)
        roles = graphene.List(graphene.NonNull(graphene.String), required=True)

    membership = graphene.Field(MembershipType)

    @classmethod
    def perform(cls, info, user_id, roles):
        return cls(membership=accounts.set_member_roles(info.context.unit, user_id, roles, by=_by(info)))


class MembersSetActive(BaseMutation):
    """Tạm dừng hoặc kích hoạt lại một thành viên. / Deactivate or reactivate a member."""

    permissions = ("accounts.change_membership",)

    class Arguments:
        user_id = graphene.ID(required=True)
        active = graphene.Boolean(required=True)

    membership = graphene.Field(MembershipType)

    @classmethod
    def perform(cls, info, user_id, active):
        return cls(membership=accounts.set_member_active(info.context.unit, user_id, active, by=_by(info)))


class InvitationsCreate(BaseMutation):
    """Mời một người tham gia đơn vị với một vai trò. / Invite a person to join the unit with a role."""

    permissions = ("accounts.add_invitation",)

    class Arguments:
        email = graphene.String(required=True)
        role = graphene.String(required=True)

    invitation = graphene.Field(InvitationType)

    @classmethod
    def perform(cls, info, email, role):
        return cls(invitation=accounts.invite(info.context.unit, role, email, by=_by(info)))


class InvitationsWithdraw(BaseMutation):
    """Thu hồi một lời mời đang mở. / Withdraw an open invitation."""

    permissions = ("accounts.add_invitation",)

    class Arguments:
        id = graphene.ID(required=True)

    invitation = graphene.Field(InvitationType)

    @classmethod
    def perform(cls, info, id):
        return cls(invitation=accounts.withdraw_invitation(info.context.unit, id, by=_by(info)))


class RolesCreate(BaseMutation):
    """Thêm vai trò của đơn vị (chỉ quyền của lõi và các mô-đun đã bật). / A new role of the unit."""

    permissions = ("accounts.add_role",)

    class Arguments:
        code = graphene.String(required=True)
        name = graphene.String(required=True)
        permissions = graphene.List(graphene.NonNull(graphene.String), required=True,
                                    description="app_label.codename, trong assignablePermissions")

    role = graphene.Field(RoleType)

    @classmethod
    def perform(cls, info, code, name, permissions):
        return cls(role=accounts.create_role(info.context.unit, code, name, permissions, by=_by(info)))


class RolesChange(BaseMutation):
    """Tên và quyền của một vai trò trở thành đúng các giá trị này. / A role's name and permissions become these."""

    permissions = ("accounts.change_role",)

    class Arguments:
        code = graphene.String(required=True)
        name = graphene.String(required=True)
        permissions = graphene.List(graphene.NonNull(graphene.String), required=True)

    role = graphene.Field(RoleType)

    @classmethod
    def perform(cls, info, code, name, permissions):
        return cls(role=accounts.change_role(info.context.unit, code, name, permissions, by=_by(info)))


class ModuleSettingsSet(BaseMutation):
    """Đổi thiết lập của đơn vị cho một mô-đun đã bật (các khóa khác giữ nguyên). / Change some of the unit's settings
    of an enabled module."""

    permissions = ("modules_core.change_unit_settings",)

    class Arguments:
        module_id = graphene.String(required=True)
        settings = GenericScalar(required=True, description="{khóa: giá trị} / {key: value}")

    settings = GenericScalar(description="Mọi thiết lập sau thay đổi. / Every setting afterwards.")

    @classmethod
    def perform(cls, info, module_id, settings):
        from core.modules.services import set_settings

        return cls(settings=set_settings(info.context.unit, module_id, settings))
