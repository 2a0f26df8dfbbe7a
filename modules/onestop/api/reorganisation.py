"""The review queue of a reorganisation in the API: the ended units' dossiers waiting for a successor's administrator
(services/reorganisation.py), and taking one in."""

from contextlib import contextmanager

import graphene

from core.api.errors import PERMISSION_DENIED, ApiError
from core.api.mutations.base import BaseMutation
from core.api.permissions import requires
from modules.onestop.api.errors import typed_errors
from modules.onestop.api.types import DossierType
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.reorganisation import assign, review_queue


class ReorganisationReviewItemType(graphene.ObjectType):
    """Một hồ sơ đang giải quyết của đơn vị cũ chờ phân. / A dossier in progress of an ended unit waiting for a
    decision."""

    class Meta:
        name = "OnestopReorganisationReviewItem"

    unit_code = graphene.String(required=True, description="Đơn vị cũ đang giữ hồ sơ. / The ended unit holding it.")
    unit_name = graphene.String(required=True)
    code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    applicant_name = graphene.String(required=True)
    address = graphene.String(required=True, description="Địa chỉ người nộp, nếu có. / The applicant's address.")
    status = graphene.String(required=True)
    received_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime(required=True)


class ReviewQuery(graphene.ObjectType):
    onestop_reorganisation_review = graphene.List(
        graphene.NonNull(ReorganisationReviewItemType), required=True,
        description="Hồ sơ của các đơn vị cũ (đã sắp xếp) chờ quản trị đơn vị này phân (vai trò quản trị). / The "
                    "dossiers of the ended units this unit succeeded, waiting for its administrator.")

    @staticmethod
    @requires("onestop.view_dossier")
    def resolve_onestop_reorganisation_review(root, info):
        with _administrators_only():
            return review_queue(info.context.user)


class AssignReorganisedDossier(BaseMutation):
    """Nhận một hồ sơ chờ phân về đơn vị (quản trị đơn vị). / Take a dossier waiting for a decision into this unit
    (administrator)."""

    permissions = ("onestop.view_dossier",)
    atomic = False  # assign() commits on each database server in turn (the old unit's may be another)

    class Arguments:
        code = graphene.String(required=True)

    dossier = graphene.Field(DossierType)

    @classmethod
    def perform(cls, info, code):
        with typed_errors(("code",)), _administrators_only():
            dossier = assign(info.context.user, code.strip())
        return cls(dossier=dossier)


@contextmanager
def _administrators_only():
    """Another role is refused as every field refuses a permission it lacks, not as a mistake in the input."""
    try:
        yield
    except OnestopError as exc:
        if exc.code == "FORBIDDEN":
            raise ApiError(PERMISSION_DENIED, exc.message) from exc
        raise
