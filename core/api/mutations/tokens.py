"""Issuing and revoking API tokens (both endpoints) and service-account tokens (platform)."""


import graphene
from django.utils.translation import gettext as _

from core.api.models import ApiToken
from core.api.mutations.base import BaseMutation, MutationError
from core.api.tokens import issue_personal_token, issue_service_token, revoke_token
from core.api.types.tokens import ApiTokenType
from core.ids import object_id


class IssueApiTokenInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    expires_in_days = graphene.Int(description="1-365, mặc định 90. / 1-365, default 90.")
    unit_codes = graphene.List(graphene.NonNull(graphene.String),
                               description="Chỉ dùng tại các đơn vị này (ở điểm truy cập đơn vị: đơn vị đó). "
                                           "/ Restrict to these units (on a unit endpoint: that unit).")


class IssueApiToken(BaseMutation):
    """Cấp cho chính mình một mã truy cập; mã chỉ hiện một lần. / Issue yourself a token; it is shown once."""

    class Arguments:
        input = IssueApiTokenInput(required=True)

    api_token = graphene.Field(ApiTokenType)
    token = graphene.String(description="Mã, chỉ trả về lúc cấp. / The token, returned only now.")

    @classmethod
    def clean_input(cls, info, input):
        unit = getattr(info.context, "unit", None)
        codes = list(input.get("unit_codes") or [])
        if unit is not None:
            if codes and codes != [unit.code]:
                raise MutationError("INVALID", _("Ở điểm truy cập của đơn vị, mã chỉ dùng tại đơn vị này."),
                                    field="unitCodes")
            codes = [unit.code]
        return {"name": input.get("name"), "days": input.get("expires_in_days"), "codes": codes}

    @classmethod
    def perform(cls, info, name, days, codes):
        token, raw = issue_personal_token(info.context.user, name, codes, days)
        return cls(api_token=token, token=raw)


class IssueServiceTokenInput(graphene.InputObjectType):
    username = graphene.String(required=True, description="Tạo nếu chưa có. / Created when missing.")
    name = graphene.String(required=True)
    unit_codes = graphene.List(graphene.NonNull(graphene.String), required=True)
    expires_in_days = graphene.Int()


class IssueServiceToken(BaseMutation):
    """Cấp mã cho một tài khoản dịch vụ (Sở TT&TT). / Issue a token to a service account (ICT department)."""

    platform_permissions = ("api.issue_service_token",)

    class Arguments:
        input = IssueServiceTokenInput(required=True)

    api_token = graphene.Field(ApiTokenType)
    token = graphene.String()

    @classmethod
    def perform(cls, info, input):
        token, raw = issue_service_token(info.context.user, input.get("username"), input.get("name"),
                                         list(input.get("unit_codes") or []), input.get("expires_in_days"))
        return cls(api_token=token, token=raw)


class RevokeApiToken(BaseMutation):
    """Thu hồi một mã truy cập. / Revoke an API token."""

    class Arguments:
        id = graphene.ID(required=True)

    api_token = graphene.Field(ApiTokenType)

    @classmethod
    def perform(cls, info, id):
        token = ApiToken.objects.filter(pk=object_id(id)).first() if object_id(id) is not None else None
        if token is None:
            raise MutationError("NOT_FOUND", _("Không có mã truy cập này."), field="id")
        return cls(api_token=revoke_token(token, info.context.user))
