"""Sign a PDF (ký số): the person with signing authority, then the unit's seal, each timestamped."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.signatures.api.mutations.inputs import pdf_bytes
from modules.signatures.api.types import SignedPdfType
from modules.signatures.services import sign_and_keep


class SignPdf(BaseMutation):
    """Ký số tệp PDF bằng chữ ký của người có thẩm quyền rồi chữ ký số của cơ quan (Nghị định 30/2020, Điều 5).
    / Sign a PDF by the person with signing authority, then the agency's seal."""

    permissions = ("signatures.sign_pdf",)

    class Arguments:
        name = graphene.String(required=True)
        content = graphene.String(required=True, description="Tệp PDF, base64. / The PDF, base64.")
        with_seal = graphene.Boolean(default_value=True, description="Kèm chữ ký số của cơ quan. / With the seal.")

    signed_pdf = graphene.Field(SignedPdfType)

    @classmethod
    def clean_input(cls, info, content, **data):
        return {"pdf": pdf_bytes(content), **data}

    @classmethod
    def perform(cls, info, pdf, name, with_seal=True):
        return cls(signed_pdf=sign_and_keep(pdf, name, actor=info.context.user, with_seal=with_seal))
