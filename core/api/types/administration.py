"""What the unit administrator's operations answer: open invitations, permissions a role may hold, a failed
message between units."""

import graphene


class InvitationType(graphene.ObjectType):
    class Meta:
        name = "Invitation"
        description = "Lời mời tham gia đơn vị với một vai trò. / An invitation to join the unit with a role."

    id = graphene.ID(required=True)
    email = graphene.String(required=True)
    role_code = graphene.String(required=True)
    expires_at = graphene.DateTime(required=True)
    address = graphene.String(required=True, description="Địa chỉ người được mời mở (dùng một lần). / The address the "
                                                        "invited person opens (once).")

    @staticmethod
    def resolve_role_code(root, info):
        return root.role.code

    @staticmethod
    def resolve_address(root, info):
        from core.accounts.services import invitation_url

        return invitation_url(root)


class AssignablePermissionType(graphene.ObjectType):
    class Meta:
        name = "AssignablePermission"
        description = ("Quyền một vai trò của đơn vị được giữ (của lõi và các mô-đun đã bật). / A permission a role of "
                       "the unit may hold.")

    name = graphene.String(required=True, description="app_label.codename")
    label = graphene.String(required=True)
    app = graphene.String(required=True)


class FailedMessageType(graphene.ObjectType):
    class Meta:
        name = "FailedMessage"
        description = "Thư gửi đơn vị khác không đến được. / A message to another unit that failed."

    id = graphene.ID(required=True)
    receiver = graphene.String(required=True, description="Mã đơn vị nhận. / The receiving unit's code.")
    kind = graphene.String(required=True)
    code = graphene.String(required=True, description="Mã hồ sơ, văn bản. / The dossier's or document's code.")
    attempts = graphene.Int(required=True)
    last_error = graphene.String(required=True)
    failed_at = graphene.DateTime()
    retryable = graphene.Boolean(required=True, description="Sai khi người gửi đã lấy lại hồ sơ. / False when the "
                                                           "sender took it back.")
