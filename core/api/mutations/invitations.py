"""Redeeming a unit's invitation (platform endpoint): no sign-in needed, the token is the proof."""

import graphene

from core.accounts.services import redeem_invitation
from core.api.mutations.base import BaseMutation


class RedeemInvitationInput(graphene.InputObjectType):
    token = graphene.String(required=True, description="Mã trong lời mời. / The invitation's token.")
    username = graphene.String(description="Tên đăng nhập mới (khi chưa đăng nhập). / New user name, when signed out.")
    password = graphene.String(description="Mật khẩu, ít nhất 10 ký tự. / Password, 10 characters or more.")
    first_name = graphene.String()
    last_name = graphene.String()
    email = graphene.String()


class RedeemInvitation(BaseMutation):
    """Nhận lời mời: trở thành thành viên của đơn vị với vai trò trong lời mời; mỗi lời mời dùng một lần.
    / Redeem an invitation: become a member of its unit with its role; each invitation works once."""

    login_required = False

    class Arguments:
        input = RedeemInvitationInput(required=True)

    unit_code = graphene.String(description="Đơn vị vừa tham gia. / The unit joined.")
    role_code = graphene.String(description="Vai trò được nhận. / The role received.")
    username = graphene.String(description="Tên đăng nhập để đăng nhập vào đơn vị. / The user name to sign in with.")

    @classmethod
    def perform(cls, info, input):
        user = info.context.user
        membership = redeem_invitation(
            input.get("token"), user=user if user.is_authenticated else None, username=input.get("username") or "",
            password=input.get("password") or "", first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "", email=input.get("email") or "")
        role = membership.roles.order_by("code").first()
        return cls(unit_code=membership.unit.code, role_code=role.code if role else None,
                   username=membership.user.username)
