"""Sending a dossier to another unit (liên thông); it keeps its code and the receiver's progress comes back."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.onestop.api.errors import typed_errors
from modules.onestop.api.types import DossierType
from modules.onestop.services.transfers import transfer


class TransferDossier(BaseMutation):
    """Chuyển hồ sơ sang đơn vị khác (chuyên viên, lãnh đạo). / Send a dossier to another unit (specialist, leader)."""

    permissions = ("onestop.change_dossier",)

    class Arguments:
        code = graphene.String(required=True)
        to_unit = graphene.String(description="Mã đơn vị nhận; bỏ trống: đơn vị bàn giao của bước hiện tại. / The "
                                              "receiving unit's code; empty: the current step's hand-over unit.")
        note = graphene.String(default_value="")

    dossier = graphene.Field(DossierType)

    @classmethod
    def perform(cls, info, code, to_unit=None, note=""):
        with typed_errors(("code", "toUnit", "note")):
            dossier = transfer(code.strip(), actor=info.context.user, to_unit_code=(to_unit or "").strip() or None,
                               note=(note or "").strip())
        return cls(dossier=dossier)
