"""Receive a signed PDF (nhận tệp có chữ ký số): kept as it came and verified; a failing file is flagged."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.signatures.api.mutations.inputs import pdf_bytes
from modules.signatures.api.types import SignedPdfType
from modules.signatures.services import receive


class ReceiveSignedPdf(BaseMutation):
    """Nhận và kiểm tra chữ ký số của một tệp PDF (Nghị định 30/2020, Điều 21). / Receive a signed PDF and verify
    its signatures."""

    permissions = ("signatures.add_signedpdf",)

    class Arguments:
        name = graphene.String(required=True)
        content = graphene.String(required=True, description="Tệp PDF, base64. / The PDF, base64.")

    signed_pdf = graphene.Field(SignedPdfType)

    @classmethod
    def clean_input(cls, info, content, **data):
        return {"pdf": pdf_bytes(content), **data}

    @classmethod
    def perform(cls, info, pdf, name):
        return cls(signed_pdf=receive(pdf, name))
