"""Look-up and rating on the platform endpoint, for citizens' applications (no sign-in)."""

import graphene

from core.api.errors import ApiError
from core.api.limits import once_per_request
from core.api.mutations.base import BaseMutation, MutationError
from modules.tracking.services.lookup import LookupRefused, lookup, rate
from modules.tracking.views import client_of


class TrackedStepType(graphene.ObjectType):
    label = graphene.String(required=True)
    at = graphene.DateTime(required=True)


class TrackingType(graphene.ObjectType):
    class Meta:
        description = "Hồ sơ như công dân thấy. / A dossier as its applicant sees it."

    code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    status = graphene.String(required=True)
    status_label = graphene.String(required=True)
    received_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime(required=True)
    holder_unit_name = graphene.String(required=True, description="Đơn vị đang giữ hồ sơ (cả sau liên thông).")
    steps = graphene.List(graphene.NonNull(TrackedStepType), required=True)
    can_rate = graphene.Boolean(required=True)
    rating = graphene.Int()


class Query(graphene.ObjectType):
    tracking_dossier = graphene.Field(TrackingType, code=graphene.String(required=True),
                                      phone=graphene.String(required=True),
                                      confirmation_code=graphene.String(
                                          description="Mã xác nhận gửi qua SMS khi hồ sơ đang được bảo vệ "
                                                      "(CONFIRMATION_REQUIRED). / The SMS confirmation code."),
                                      description="Tra cứu hồ sơ bằng mã và số điện thoại. / Look up a dossier.")

    def resolve_tracking_dossier(root, info, code, phone, confirmation_code=None):
        try:
            return lookup(code, phone, client=client_of(info.context), confirmation_code=confirmation_code or "")
        except LookupRefused as exc:
            raise ApiError(exc.code, str(exc)) from exc


class RateDossier(BaseMutation):
    class Meta:
        description = "Đánh giá mức hài lòng, một lần sau khi nhận kết quả. / Rate once after the result."

    class Arguments:
        code = graphene.String(required=True)
        phone = graphene.String(required=True)
        score = graphene.Int(required=True)
        comment = graphene.String()
        confirmation_code = graphene.String()

    score = graphene.Int()
    login_required = False

    @classmethod
    def perform(cls, info, code, phone, score, comment="", confirmation_code=None):
        try:
            rating = rate(code, phone, score, comment or "", client=client_of(info.context),
                          confirmation_code=confirmation_code or "")
        except LookupRefused as exc:
            raise MutationError(exc.code, str(exc), field="score" if exc.code == "INVALID_SCORE" else None) from exc
        return cls(score=rating.score)


class Mutation(graphene.ObjectType):
    tracking_rate_dossier = RateDossier.Field()


# One look-up per request: aliases or a batch would otherwise try many codes or phone numbers at once.
once_per_request("trackingDossier", "trackingRateDossier")
