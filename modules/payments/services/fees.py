"""Fees of dossiers, from the catalogue: the amount the dossier's procedure version states for its channel.

A fee is recorded by the actions that make it due: a dossier received (receivers.on_dossier_received), the module
enabled in a unit that already has open dossiers (install.installed), a payment started. Reading fees never writes.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from modules.catalogue.services import get_version
from modules.onestop.services import reads
from modules.payments.models import CATALOGUE, Fee, FeeStatus
from modules.payments.services.errors import PaymentError

OTHER_CHANNEL = "other"  # a catalogue entry whose channel could not be told: used when the channel has none


def catalogue_fee(version, channel: str) -> tuple[int, str] | None:
    """(amount in VND, description) the version states for the channel; None when it states no amount."""
    if version is None:
        return None
    rows = [c for c in version.channels.all() if c.fee_amount is not None]
    for wanted in (channel, OTHER_CHANNEL):
        for row in sorted(rows, key=lambda c: c.position):
            if row.channel == wanted:
                return row.fee_amount, row.fee_description
    return None


def _not_found(dossier_code: str) -> PaymentError:
    return PaymentError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code}, "code", status=404)


def _dossier(dossier_code: str):
    dossier = reads.dossier(dossier_code)
    if dossier is None:
        raise _not_found(dossier_code)
    return dossier


def record_fees(dossier_code: str) -> list[Fee]:
    """Record the catalogue's fee of a dossier of the current unit unless it is recorded; returns its fees.

    A fee of 0 (miễn lệ phí) is recorded as waived; a channel whose fee the catalogue does not state in figures
    ("theo mức do HĐND cấp tỉnh quy định") gets no record. A dossier transferred in from another unit is charged by
    the unit that received it: nothing is recorded here. Raises PaymentError NOT_FOUND for an unknown dossier.
    """
    dossier = _dossier(dossier_code)
    if not dossier.transferred_from and not Fee.objects.filter(dossier_code=dossier.code, source=CATALOGUE).exists():
        stated = catalogue_fee(get_version(dossier.procedure_version_id) if dossier.procedure_version_id else None,
                               dossier.channel)
        if stated is not None:
            amount, description = stated
            with transaction.atomic():
                Fee.objects.get_or_create(dossier_code=dossier.code, source=CATALOGUE, defaults={
                    "amount": amount, "description": description,
                    "status": FeeStatus.DUE if amount > 0 else FeeStatus.WAIVED})
    return list(Fee.objects.filter(dossier_code=dossier.code).order_by("id"))



def fees_for(dossier_code: str) -> list[Fee]:
    """The recorded fees of a dossier of the current unit, oldest first; writes nothing (a GraphQL query reads it).
    Raises PaymentError NOT_FOUND for an unknown dossier."""
    if not reads.dossier_exists(dossier_code):
        raise _not_found(dossier_code)
    return list(Fee.objects.filter(dossier_code=dossier_code).order_by("id"))


def fees_paid_between(start, end) -> list[tuple[str, str]]:
    """(dossier code, payment reference) of each fee paid in [start, end); the reference is empty when it was not
    paid through an online gateway."""
    return list(Fee.objects.filter(status=FeeStatus.PAID, paid_at__gte=start, paid_at__lt=end)
                .values_list("dossier_code", "payment_reference"))


def record_open_fees() -> int:
    """Record the fees of the current unit's open dossiers received here (the module was just enabled: it heard
    nothing of them); returns how many dossiers were looked at."""
    codes = reads.open_codes_received_here()
    for code in codes:
        record_fees(code)
    return len(codes)

