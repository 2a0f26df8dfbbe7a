"""The payments module's API for other modules and its own views and GraphQL fields."""

from modules.payments.services.callbacks import Outcome, handle_callback
from modules.payments.services.checkout import gateway_for, start_payment
from modules.payments.services.errors import PaymentError
from modules.payments.services.fees import catalogue_fee, fees_for, fees_paid_between, record_fees

__all__ = ["Outcome", "PaymentError", "catalogue_fee", "fees_for", "fees_paid_between", "gateway_for",
           "handle_callback", "record_fees", "start_payment"]
