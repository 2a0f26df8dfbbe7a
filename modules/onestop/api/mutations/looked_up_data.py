"""onestopRejectLookedUpData: the officer finds the data a shared database gave for a component wrong; the paper is
asked for instead, recorded like an automatic fallback (services/data_sources.reject)."""

import graphene
from django.db import transaction
from django.utils import timezone

from core.api.mutations.base import BaseMutation
from modules.onestop.api.digitisation import DossierComponentType
from modules.onestop.api.errors import typed_errors
from modules.onestop.services import data_sources


class RejectLookedUpData(BaseMutation):
    """Từ chối dữ liệu khai thác từ cơ sở dữ liệu (cơ sở dữ liệu có trả lời nhưng dữ liệu sai), ghi lý do và yêu cầu
    bản giấy. / Reject the data a database gave for a component, with the reason; the paper is asked for."""

    permissions = ("onestop.change_dossier",)

    class Arguments:
        code = graphene.String(required=True, description="Mã hồ sơ. / The dossier's code.")
        component = graphene.String(required=True, description="Tên thành phần hồ sơ đã khai thác. / The component's "
                                                               "name.")
        reason = graphene.String(required=True, description="Vì sao dữ liệu không đúng. / Why the data is wrong.")

    component = graphene.Field(DossierComponentType)

    @classmethod
    def perform(cls, info, code, component, reason):
        with typed_errors(["code", "component", "reason"]), transaction.atomic():
            row = data_sources.reject(code, component, reason, actor=info.context.user, at=timezone.now())
        return cls(component=row)
