"""Enabling payments for a unit that already has open dossiers: their fees are recorded now, in the enabling
transaction, so that reading fees (the paymentsFees query) never has to write them."""

from modules.payments.services.fees import record_open_fees


def installed(unit) -> None:
    record_open_fees()
