"""Starting an online payment of a dossier's fee through the gateway the unit chose."""

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import get_settings, is_enabled
from modules.onestop.services import reads
from modules.payments.models import FeeStatus, Payment
from modules.payments.services.errors import PaymentError
from modules.payments.services.fees import record_fees
from modules.payments.services.gateways import Gateway, GatewayError, registration

MODULE_ID = "payments"


def gateway_for(unit, gateway_id: str) -> Gateway | None:
    """The unit's adapter of a registered gateway, or None when none is registered or its module is off here."""
    found = registration(gateway_id)
    if found is None or not is_enabled(unit, found.module_id):
        return None
    return found.factory(unit)


def start_payment(dossier_code: str) -> Payment:
    """A new payment of the dossier's first fee still due, at the unit's gateway: its redirect_url is where the
    payer goes. Raises PaymentError (NOT_FOUND, DOSSIER_CLOSED, NOTHING_DUE, GATEWAY_NOT_CONFIGURED,
    GATEWAY_UNAVAILABLE) and records nothing then."""
    unit = connection.tenant
    values = get_settings(unit, MODULE_ID)
    due = [fee for fee in record_fees(dossier_code) if fee.status == FeeStatus.DUE]
    if reads.dossier_status(dossier_code) in reads.FINAL_STATUSES:
        raise PaymentError("DOSSIER_CLOSED", _("Hồ sơ %(code)s đã kết thúc.") % {"code": dossier_code}, "code")
    if not due:
        raise PaymentError("NOTHING_DUE", _("Hồ sơ %(code)s không có khoản phí nào phải nộp.") % {"code": dossier_code},
                           "code")
    gateway_id = values["gateway"]
    gateway = gateway_for(unit, gateway_id) if gateway_id else None
    if gateway is None:
        raise PaymentError("GATEWAY_NOT_CONFIGURED", _("Đơn vị chưa thiết lập cổng thanh toán trực tuyến."))
    fee = due[0]
    try:
        request = gateway.create_payment(fee, values["return_url"])
    except GatewayError as exc:
        raise PaymentError("GATEWAY_UNAVAILABLE", _("Cổng thanh toán không tạo được giao dịch: %(e)s") % {"e": exc},
                           status=502) from exc
    return Payment.objects.create(fee=fee, gateway=gateway_id, provider_ref=request.provider_ref, amount=fee.amount,
                                  redirect_url=request.redirect_url)
