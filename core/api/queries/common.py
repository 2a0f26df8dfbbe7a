"""Root fields both endpoints have: who the caller is and their tokens."""

import graphene

from core.api.connections import ListConnectionField
from core.api.permissions import requires
from core.api.tokens import tokens_of
from core.api.types.accounts import UserType
from core.api.types.tokens import ApiTokenConnection


class CallerQuery(graphene.ObjectType):
    me = graphene.Field(UserType, description="Người gọi; null khi chưa đăng nhập. / The caller; null if anonymous.")
    my_api_tokens = ListConnectionField(ApiTokenConnection)

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None

    @staticmethod
    @requires()
    def resolve_my_api_tokens(root, info):
        return tokens_of(info.context.user)
