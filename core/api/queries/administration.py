"""The unit endpoint's fields behind the unit administrator's pages and the failed-messages page: open invitations,
the permissions a role may hold, a module's settings for the unit, the unit's failed messages."""

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar

from core.api.errors import NOT_FOUND, PERMISSION_DENIED, ApiError
from core.api.permissions import requires
from core.api.types.administration import AssignablePermissionType, FailedMessageType, InvitationType


def check_follows_messages(info) -> None:
    """The roles that follow the unit's failed messages (the workspace's rule, core.web.access)."""
    from core.web.access import may_follow_messages

    if not may_follow_messages(info.context.user, info.context.unit):
        raise ApiError(PERMISSION_DENIED, _("Bạn không có vai trò theo dõi thư liên thông."))


class AdministrationQuery(graphene.ObjectType):
    invitations = graphene.List(graphene.NonNull(InvitationType), required=True,
                                description="Lời mời đang mở của đơn vị. / The unit's open invitations.")
    assignable_permissions = graphene.List(graphene.NonNull(AssignablePermissionType), required=True)
    module_settings = GenericScalar(module_id=graphene.String(required=True),
                                    description="Thiết lập của mô-đun đã bật tại đơn vị (mọi khóa). / The unit's "
                                                "settings of an enabled module (every key).")
    failed_messages = graphene.List(graphene.NonNull(FailedMessageType), required=True,
                                    description="Thư liên thông lỗi của đơn vị, mới nhất trước. / The unit's failed "
                                                "messages, latest first.")

    @staticmethod
    @requires("accounts.view_invitation")
    def resolve_invitations(root, info):
        from core.accounts.services import open_invitations

        return open_invitations(info.context.unit)

    @staticmethod
    @requires("accounts.view_role")
    def resolve_assignable_permissions(root, info):
        from core.accounts.services import permission_choices

        return [AssignablePermissionType(name=name, label=label, app=app)
                for app, name, label in permission_choices(info.context.unit)]

    @staticmethod
    @requires("modules_core.change_unit_settings")
    def resolve_module_settings(root, info, module_id):
        from core.modules.services import ModuleError, get_settings

        try:
            return get_settings(info.context.unit, module_id)
        except ModuleError as exc:
            raise ApiError(NOT_FOUND, exc.message) from exc

    @staticmethod
    @requires()
    def resolve_failed_messages(root, info):
        from tenants.messaging.services import failed_here

        check_follows_messages(info)
        return [FailedMessageType(**row) for row in failed_here()]
