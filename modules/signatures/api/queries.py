"""The signatures fields of the unit endpoint's Query: one signed PDF with its verification."""

import graphene

from core.api.errors import NOT_FOUND, ApiError
from core.api.permissions import requires
from core.ids import object_id
from modules.signatures import services
from modules.signatures.api.types import SignedPdfType


class Query(graphene.ObjectType):
    signed_pdf = graphene.Field(SignedPdfType, id=graphene.ID(required=True),
                                description="Một tệp PDF có chữ ký số và kết quả kiểm tra. / A signed PDF and its "
                                "verification.")

    @staticmethod
    @requires("signatures.view_signedpdf")
    def resolve_signed_pdf(root, info, id):
        try:
            return services.get_pdf(object_id(id) or 0)
        except services.SignaturesError as exc:
            raise ApiError(NOT_FOUND, exc.message) from exc
