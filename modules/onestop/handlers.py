"""What a unit does with the one-stop messages of other units, and with its own transfers that failed on the way."""

from datetime import datetime

from django.db import connection
from django.utils.translation import gettext as _

from modules.onestop.models import Dossier, Status
from modules.onestop.services import digitisation, events
from modules.onestop.services.actions import perform
from modules.onestop.services.arrivals import Application, Arrival, open_dossier
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import plan_for
from modules.onestop.services.reorganisation import KIND as MOVED_DOSSIER
from modules.onestop.services.transfer_messages import PROGRESS, TRANSFER
from tenants.messaging.handlers import MessageRefused, failure_handler, message_handler, message_subject


@message_handler(TRANSFER)
def receive_transfer(message) -> dict:
    """A dossier from another unit: recorded here with the same code and this unit's own process for its part; a
    dossier this unit held before comes back as the same dossier. Refused for good (the sender gets it back) when
    this unit cannot take it."""
    unit, p = connection.tenant, message.payload
    competent = p.get("competent_unit_code") == unit.code  # received elsewhere for this unit to decide
    application = Application(
        procedure_code=p["procedure_code"], channel=p["channel"], applicant_name=p["applicant_name"],
        applicant_phone=p.get("applicant_phone", ""), applicant_email=p.get("applicant_email", ""),
        applicant_id_number=p.get("applicant_id_number", ""), data=p.get("data", {}),
        competent_unit_code=unit.code if competent else "", result_delivery=p.get("result_delivery", ""))
    arrival = Arrival("receive_transfer", "transfer", origin_unit_code=p["origin_unit_code"],
                      unit_code=message.sender_code, role_code="system", transferred_from=message.sender_code,
                      note=p.get("note", ""))
    try:
        plan = plan_for(unit, application.procedure_code, application.channel)
        carried = ({"received_at": p["received_at"], "deadline": p["deadline"],
                    "confirmed_at": p.get("confirmed_at")} if competent else None)
        dossier = open_dossier(unit, application, plan, code=p["code"], at=message.received_at, arrival=arrival,
                               carried=carried)
        digitisation.record_summary(dossier, p.get("components"), message.received_at)
    except OnestopError as exc:
        raise MessageRefused(exc.code, str(exc)) from exc
    return {"accepted": True, "code": dossier.code, "due_at": dossier.due_at.isoformat()}


@message_handler(PROGRESS)
def receive_progress(message) -> dict:
    """The unit we sent a dossier to moved it: log it; when its part is done, the dossier comes back to us. Only the
    unit holding the dossier reports on it: anyone else is refused (and not retried). Receipt regardless of boundary:
    the competent unit's result, refusal or stop becomes the receiving point's; the point's return of the result
    closes the competent unit's dossier."""
    p = message.payload
    dossier = Dossier.objects.select_for_update().filter(code=p["code"]).first()
    if dossier is None:
        raise MessageRefused("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": p["code"]})
    if dossier.holder_unit_code != message.sender_code:
        raise MessageRefused("NOT_HOLDER", _("Đơn vị %(unit)s không còn giữ hồ sơ %(code)s.") % {
            "unit": message.sender_code, "code": p["code"]})
    at = datetime.fromisoformat(p["at"])
    if dossier.remote_updated_at is None or at >= dossier.remote_updated_at:  # an older report arriving late is kept
        Dossier.objects.filter(pk=dossier.pk).update(remote_status=p["status"], remote_updated_at=at)
    events.record(dossier, f"remote:{p['action']}", at=at, from_status=dossier.status, to_status=dossier.status,
                  unit_code=message.sender_code, role_code="system", data={"remote_status": p["status"]})
    if dossier.competent_unit_code == message.sender_code:  # we received it for the sender, which decided
        outcome = _OUTCOMES.get(p["status"]) if dossier.status == Status.TRANSFERRED else None
        if outcome:
            perform(dossier.code, outcome, at=at, reason=p.get("reason", ""), data={"remote_status": p["status"]})
    elif dossier.competent_unit_code == connection.tenant.code and p["status"] == Status.RETURNED:
        if dossier.status == Status.RESULT_READY:  # the point that received it returned our result
            perform(dossier.code, "returned_at_point", at=at, data={"remote_status": p["status"]})
    elif p["status"] in (Status.RESULT_READY, Status.REFUSED) and dossier.status == Status.TRANSFERRED:
        perform(dossier.code, "transfer_back", at=at, data={"remote_status": p["status"]})
    return {"status": p["status"]}


@message_subject(TRANSFER)
@message_subject(PROGRESS)
def dossier_of(payload) -> tuple[str, str] | None:
    """Both messages are about one dossier: when a unit ends in a reorganisation, they go to and from the successor
    that took that dossier (a split unit's dossiers go to several)."""
    return (MOVED_DOSSIER, payload["code"]) if payload.get("code") else None


# A receiving point's dossier takes the competent unit's outcome as its own, to return it where the citizen chose.
_OUTCOMES = {Status.RESULT_READY: "result_from_competent", Status.REFUSED: "refused_by_competent",
             Status.STOPPED: "stopped_by_competent"}


@failure_handler(TRANSFER)
def transfer_failed(message) -> bool:
    """Our transfer never reached the other unit: the dossier comes back here, in process, with the reason shown
    (its history and `transfer_failure`), so the clerk can send it elsewhere or go on with it."""
    code = message.payload["code"]
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None or dossier.status != Status.TRANSFERRED or dossier.holder_unit_code != message.receiver_code:
        return False  # it has moved on since: nothing to take back
    reason = _("Đơn vị %(unit)s không nhận được hồ sơ: %(why)s") % {
        "unit": message.receiver_code, "why": message.last_error or _("không rõ lý do")}
    perform(code, "transfer_failed", reason=reason, data={"to_unit": message.receiver_code,
                                                         "message_id": str(message.pk)})
    return True
