"""Every action of the rule book on a dossier, by a member whose role the rule book allows."""

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar

from core.api.mutations.base import BaseMutation, MutationError
from modules.onestop.api.enums import DossierActionEnum, value_of
from modules.onestop.api.errors import typed_errors
from modules.onestop.api.types import DossierType
from modules.onestop.services.action_data import clean_action_data
from modules.onestop.services.actions import perform

ARGUMENTS = ("code", "action", "reason", "data")


class PerformDossierAction(BaseMutation):
    """Thực hiện một thao tác trên hồ sơ (chuyển bước, yêu cầu bổ sung, tạm dừng, duyệt, trả kết quả, từ chối...).
    / Take an action on a dossier.

    data: request_supplement {"items": ["..."]}; extend {"newDue": "YYYY-MM-DD"} hoặc/or {"days": n};
    stop {"stopReason": "<mã lý do / reason code>"} (docs/modules/onestop.md)."""

    permissions = ("onestop.change_dossier",)

    class Arguments:
        code = graphene.String(required=True)
        action = DossierActionEnum(required=True)
        reason = graphene.String(default_value="", description="Bắt buộc với từ chối, rút, tạm dừng, yêu cầu bổ sung, "
                                                                "gia hạn. / Required to refuse, withdraw, pause, "
                                                                "request a supplement, extend.")
        data = GenericScalar()

    dossier = graphene.Field(DossierType)

    @classmethod
    def clean_input(cls, info, code, action, reason="", data=None):
        action = value_of(action)
        if action == "transfer":
            raise MutationError("USE_TRANSFER", _("Chuyển liên thông bằng onestopTransferDossier."), field="action")
        with typed_errors(ARGUMENTS):
            data = clean_action_data(action, data)
        return {"code": code.strip(), "action": action, "reason": (reason or "").strip(), "data": data}

    @classmethod
    def perform(cls, info, code, action, reason, data):
        with typed_errors(ARGUMENTS):
            dossier = perform(code, action, actor=info.context.user, reason=reason, data=data)
        return cls(dossier=dossier)
