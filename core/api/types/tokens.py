"""API tokens, as their owners see them (never the token itself, only its prefix)."""

import graphene

from core.api.connections import CountableConnection
from core.api.models import TokenKind
from core.api.optimizer import prefetch

TokenKindEnum = graphene.Enum("ApiTokenKind", [(choice.name, choice.value) for choice in TokenKind],
                              description="PERSONAL: của một người; SERVICE: của tài khoản dịch vụ. / Personal or service.")


class ApiTokenType(graphene.ObjectType):
    class Meta:
        name = "ApiToken"
        description = "Mã truy cập API (chỉ hiện tiền tố). / An API token (its prefix only)."

    optimizations = {"unit_codes": prefetch("units")}

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = graphene.Field(TokenKindEnum, required=True)
    prefix = graphene.String(required=True)
    unit_codes = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="Rỗng: mọi đơn vị người giữ là thành viên. / Empty: every unit of the holder.")
    created_at = graphene.DateTime(required=True)
    expires_at = graphene.DateTime(required=True)
    revoked_at = graphene.DateTime()
    last_used_at = graphene.DateTime()
    is_active = graphene.Boolean(required=True)

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)  # a TokenKind member right after creation, a str once read back

    @staticmethod
    def resolve_unit_codes(root, info):
        return sorted(u.code for u in root.units.all())


class ApiTokenConnection(CountableConnection):
    class Meta:
        node = ApiTokenType
