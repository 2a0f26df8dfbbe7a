"""Fees of dossiers, from the catalogue: the amount the dossier's procedure version states for its channel."""

from django.db import transaction
from django.utils.translation import gettext as _

from modules.catalogue.services import get_version
from modules.onestop.models import Dossier
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


def _dossier(dossier_code: str) -> Dossier:
    dossier = Dossier.objects.filter(code=dossier_code).first()
    if dossier is None:
        raise PaymentError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code}, "code", status=404)
    return dossier


def fees_for(dossier_code: str) -> list[Fee]:
    """The fees of a dossier of the current unit, the catalogue's one recorded first if it is not yet.

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

