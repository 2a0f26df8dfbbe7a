"""GraphQL fields of the payments module, joined to the unit endpoint (MODULE_NOT_ENABLED where it is off)."""

import graphene

from core.api.errors import NOT_FOUND, ApiError
from core.api.mutations.base import BaseMutation, MutationError
from core.api.permissions import requires
from modules.payments.models import FeeStatus
from modules.payments.services import PaymentError, fees_for, start_payment

FeeStatusEnum = graphene.Enum("DossierFeeStatus", [(choice.name, choice.value) for choice in FeeStatus],
                              description="Trạng thái một khoản phí. / A fee's status.")


class FeeType(graphene.ObjectType):
    class Meta:
        name = "DossierFee"
        description = "Một khoản phí, lệ phí của hồ sơ. / A fee of a dossier."

    id = graphene.ID(required=True)
    dossier_code = graphene.String(required=True)
    amount = graphene.BigInt(required=True, description="Số tiền (đồng). / Amount in VND.")
    description = graphene.String(required=True)
    status = graphene.Field(FeeStatusEnum, required=True)
    paid_at = graphene.DateTime()
    payment_reference = graphene.String(required=True)


class Query(graphene.ObjectType):
    payments_fees = graphene.List(graphene.NonNull(FeeType), required=True, code=graphene.String(required=True),
                                  description="Phí, lệ phí của một hồ sơ (quyền payments.view_fee). / "
                                              "The fees of a dossier.")

    @staticmethod
    @requires("payments.view_fee")
    def resolve_payments_fees(root, info, code):
        try:
            return fees_for(code.strip())
        except PaymentError as exc:
            raise ApiError(NOT_FOUND, str(exc)) from exc


class StartPayment(BaseMutation):
    """Bắt đầu thanh toán trực tuyến khoản phí còn phải nộp của hồ sơ. / Start paying a dossier's fee online."""

    permissions = ("payments.add_payment",)

    class Arguments:
        code = graphene.String(required=True, description="Mã hồ sơ. / Dossier code.")

    redirect_url = graphene.String(description="Địa chỉ trang thanh toán của cổng. / Where the payer goes to pay.")
    fee = graphene.Field(FeeType)

    @classmethod
    def perform(cls, info, code):
        try:
            payment = start_payment(code.strip())
        except PaymentError as exc:
            raise MutationError(exc.code, str(exc), field=exc.field or None) from exc
        return cls(redirect_url=payment.redirect_url, fee=payment.fee)


class Mutation(graphene.ObjectType):
    payments_start_payment = StartPayment.Field()


__all__ = ["Mutation", "Query"]
