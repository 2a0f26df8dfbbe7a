"""Receiving a dossier at the counter, online or by post: its code, its plan of steps and its appointment.

A dossier received for another unit of the province (receipt_points.py) keeps this unit's code, gets its clock from
the competent unit's procedure, rules and calendar, and is handed to that unit in the same transaction (a message) -
or, for a citizen's own online submission waiting for its applicant to confirm the phone or e-mail, in the
confirmation's transaction (receipt_points.hand_over_confirmed), once.
"""

from dataclasses import replace
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.onestop.models import Channel, Dossier, ResultDelivery
from modules.onestop.services import codes, deadlines, digitisation, unconfirmed
from modules.onestop.services.actions import perform
from modules.onestop.services.arrivals import Application, Arrival, open_dossier
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import plan_for
from modules.onestop.services.receipt_points import competent_plan
from tenants.services import entered

__all__ = ["Application", "receive"]


def receive(application: Application, *, actor=None, received_at: datetime | None = None) -> Dossier:
    """Record a new dossier in the current unit. Raises OnestopError (nothing recorded) on bad input."""
    unit = connection.tenant
    if application.channel not in Channel.values:
        raise OnestopError("INVALID_CHANNEL", _("Hình thức nộp không hợp lệ: %(c)s.") % {"c": application.channel},
                           "channel")
    if not application.applicant_name.strip():
        raise OnestopError("REQUIRED", _("Cần họ tên người nộp hồ sơ."), "applicant_name")
    if application.result_delivery and application.result_delivery not in ResultDelivery.values:
        raise OnestopError("INVALID_DATA", _("Nơi nhận kết quả không hợp lệ: %(v)s.") % {
            "v": application.result_delivery}, "result_delivery")
    received_at = received_at or timezone.now()
    parts = digitisation.checked(application.channel, application.parts)  # before anything is written
    competent = application.competent_unit_code.strip()
    carried = target = None
    if competent and competent != unit.code:
        target, plan = competent_plan(unit, competent, application.procedure_code, application.channel)
        carried = _clock_of(target, plan, application, received_at)
        plan = replace(plan, steps=())  # this point only receives and returns: the competent unit's steps are its own
    else:
        competent, plan = "", plan_for(unit, application.procedure_code, application.channel)
    day = timezone.localtime(received_at).date()
    cleaned = Application(
        procedure_code=plan.procedure_code, channel=application.channel,
        applicant_name=application.applicant_name.strip(), applicant_phone=application.applicant_phone.strip(),
        applicant_email=application.applicant_email.strip(),
        applicant_id_number=application.applicant_id_number.strip(), data=application.data,
        competent_unit_code=competent, result_delivery=application.result_delivery or _default_delivery(application))
    arrival = Arrival("receive", application.channel, origin_unit_code=unit.code, unit_code=unit.code,
                      role_code="receiving_officer" if actor else "system", actor=actor)
    # The day's counter row is locked from the number to the commit: keep that short.
    with transaction.atomic():
        code = codes.format_code(unit, day, codes.next_number(day), plan.procedure_code)
        dossier = open_dossier(unit, cleaned, plan, code=code, at=received_at, arrival=arrival, carried=carried)
        digitisation.record(dossier, parts, actor=actor, at=received_at)
        if target is None or unconfirmed.is_held(code):
            return dossier  # a submission its applicant has yet to confirm goes over at confirmation, if ever
        return perform(code, "send_to_competent", data={"to_unit": target.code}, at=received_at)


def _default_delivery(application: Application) -> str:
    """Where the result goes when the citizen did not say: by post for a dossier sent by post, online for one filed
    online, otherwise at the point that received it."""
    return {Channel.POST: ResultDelivery.POST, Channel.ONLINE: ResultDelivery.ONLINE}.get(
        application.channel, ResultDelivery.POINT)


def _clock_of(target, plan, application: Application, received_at: datetime) -> dict:
    """The clock of a dossier received for `target`: its procedure's time, its intake rules and its calendar."""
    probe = Dossier(procedure_code=plan.procedure_code, channel=application.channel)
    with entered(target):
        deadlines.open_for(target, probe, received_at, plan.time)
    return {"received_at": received_at.isoformat(), "deadline": probe.deadline}
