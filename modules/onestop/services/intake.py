"""Receiving a dossier at the counter, online or by post: its code, its plan of steps and its appointment."""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.onestop.models import Channel, Dossier
from modules.onestop.services import codes
from modules.onestop.services.arrivals import Application, Arrival, open_dossier
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import plan_for

__all__ = ["Application", "receive"]


def receive(application: Application, *, actor=None, received_at: datetime | None = None) -> Dossier:
    """Record a new dossier in the current unit. Raises OnestopError (nothing recorded) on bad input."""
    unit = connection.tenant
    if application.channel not in Channel.values:
        raise OnestopError("INVALID_CHANNEL", _("Hình thức nộp không hợp lệ: %(c)s.") % {"c": application.channel},
                           "channel")
    if not application.applicant_name.strip():
        raise OnestopError("REQUIRED", _("Cần họ tên người nộp hồ sơ."), "applicant_name")
    plan = plan_for(unit, application.procedure_code, application.channel)
    received_at = received_at or timezone.now()
    day = timezone.localtime(received_at).date()
    cleaned = Application(
        procedure_code=plan.procedure_code, channel=application.channel,
        applicant_name=application.applicant_name.strip(), applicant_phone=application.applicant_phone.strip(),
        applicant_email=application.applicant_email.strip(),
        applicant_id_number=application.applicant_id_number.strip(), data=application.data)
    arrival = Arrival("receive", application.channel, origin_unit_code=unit.code, unit_code=unit.code,
                      role_code="receiving_officer" if actor else "system", actor=actor)
    # The day's counter row is locked from the number to the commit: keep that short.
    with transaction.atomic():
        code = codes.format_code(unit, day, codes.next_number(day), plan.procedure_code)
        return open_dossier(unit, cleaned, plan, code=code, at=received_at, arrival=arrival)
