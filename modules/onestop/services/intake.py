"""Receiving a dossier at the counter, online or by post: its code, its plan of steps and its appointment."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules import hooks
from modules.onestop.hooks import dossier_received
from modules.onestop.models import Channel, Dossier, DossierEvent, DossierStep, Status
from modules.onestop.services import codes, deadlines
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import plan_for


@dataclass
class Application:
    procedure_code: str
    channel: str
    applicant_name: str
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_id_number: str = ""
    data: dict = field(default_factory=dict)


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
    dossier = Dossier(
        procedure_code=plan.procedure_code, procedure_version_id=plan.version_id, procedure_name=plan.procedure_name,
        channel=application.channel, applicant_name=application.applicant_name.strip(),
        applicant_phone=application.applicant_phone.strip(), applicant_email=application.applicant_email.strip(),
        applicant_id_number=application.applicant_id_number.strip(), data=application.data,
        status=Status.RECEIVED, received_at=received_at, origin_unit_code=unit.code, holder_unit_code=unit.code,
        assignee=actor,
    )
    deadlines.open_for(unit, dossier, received_at, plan.days)
    # The day's counter row is locked from here to the commit: everything else is prepared before it.
    with transaction.atomic():
        dossier.code = codes.format_code(unit, day, codes.next_number(day))
        dossier.save()
        DossierStep.objects.bulk_create([
            DossierStep(dossier=dossier, index=i, name=s.name, role_code=s.role_code, days=s.days,
                        handover_unit_code=s.handover_unit_code, handover_unit_kind=s.handover_unit_kind)
            for i, s in enumerate(plan.steps)
        ])
        DossierEvent.objects.create(dossier=dossier, action="receive", to_status=Status.RECEIVED, actor=actor,
                                    actor_unit_code=unit.code, at=received_at,
                                    role_code="receiving_officer" if actor else "system")
        hooks.send(dossier_received, unit, dossier_code=dossier.code, channel=dossier.channel)
    return dossier
