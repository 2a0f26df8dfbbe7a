"""What the payments module does in an administrative reorganisation: a moved dossier's fees, the payments made for
them and the gateways' callbacks go with it, so the successor knows what was paid and takes what is still due."""

from modules.payments.models import Fee, Payment, PaymentEvent
from tenants.models import Unit
from tenants.services import entered


def _values(row, exclude=("id",)) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in exclude}


def on_dossier_moved(unit, *, dossier_codes: list[str], to_unit_code: str) -> int:
    """Copy the dossiers' fees (with their payments and callbacks) to the successor; the ended unit keeps its own
    records as they were (its accounts of the days before). Returns how many fees."""
    fees = list(Fee.objects.filter(dossier_code__in=list(dossier_codes)).prefetch_related("payments__events"))
    if not fees:
        return 0
    with entered(Unit.objects.get(code=to_unit_code)):
        copies = Fee.objects.bulk_create([Fee(**_values(fee, ("id", "created_at"))) for fee in fees])
        for fee, copy in zip(fees, copies, strict=True):
            for payment in fee.payments.all():  # few: most fees are paid at the counter or not yet
                paid = Payment.objects.create(**{**_values(payment, ("id", "fee", "created_at")), "fee": copy})
                PaymentEvent.objects.bulk_create([
                    PaymentEvent(**{**_values(e, ("id", "payment", "received_at")), "payment": paid})
                    for e in payment.events.all()])
    return len(fees)
