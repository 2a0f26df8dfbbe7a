"""The national public service portal (Cổng Dịch vụ công quốc gia): the provincial system is its back office.

Dossiers citizens file on the national portal arrive through one adapter interface (`NationalPortal`): `pull`
fetches the unit's new dossiers (form data and attachments), receives each as an online dossier of this unit, and
acknowledges it with its code. A dossier delivered twice (a retry, a lost acknowledgement) is one dossier: its
national id is unique (`NationalLink`), the second delivery only counts.

Every status change of such a dossier (and its digitised result) is written, in the change's own transaction, as an
outbox row (`NationalUpdate`, receivers.report_progress -> note_change); `push` sends the rows in order per dossier,
each with its own id so the portal can drop a repeat, and retries a failed one later with a growing delay (the rows
after it wait). Rows keep their attempts, last error and sending time: the trace.

The installation's adapter is REST (`RestNationalPortal`) at the unit's onestop setting `national_portal_url`:
    GET  <url>/units/<unit code>/dossiers       -> {"dossiers": [{"id", "procedure_code", "applicant": {"name",
                                                  "phone", "email", "id_number"}, "form_data": {...},
                                                  "attachments": [{"name", "content_base64"}]}]}
    POST <url>/dossiers/<id>/received {"code"}  -> 2xx
    POST <url>/dossiers/<id>/status   {"update_id", "code", "action", "status", "at", "result"?: {"name",
                                       "content_base64"}} -> 2xx
The tests run a real HTTP server speaking it (a stand-in behind the same class).
"""

import base64
import binascii
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.services import get_settings
from modules.onestop.models import (
    Channel,
    Dossier,
    DossierComponent,
    DossierEvent,
    NationalLink,
    NationalUpdate,
    ScanFile,
)
from modules.onestop.services.digitisation import Part, Scan
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive

log = logging.getLogger("egov.onestop.national_portal")
TIMEOUT_S = 10
MAX_DELAY = timedelta(hours=6)


class Unavailable(Exception):
    """The portal did not answer as the protocol says (not reachable, an error status, a malformed answer)."""


class NationalPortal(Protocol):
    def new_dossiers(self, unit_code: str) -> list[dict]: ...

    def acknowledge(self, national_id: str, code: str) -> None: ...

    def push(self, national_id: str, update: dict) -> None: ...


class RestNationalPortal:
    def __init__(self, base_url: str, timeout: float = TIMEOUT_S):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method="GET" if body is None else "POST",
                                         headers={"Accept": "application/json", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - configured URL
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            raise Unavailable(f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise Unavailable(str(exc)) from exc
        try:
            return json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError as exc:
            raise Unavailable("not JSON") from exc

    def new_dossiers(self, unit_code: str) -> list[dict]:
        body = self._call(f"/units/{urllib.parse.quote(unit_code)}/dossiers")
        if not isinstance(body, dict) or not isinstance(body.get("dossiers"), list):
            raise Unavailable("no dossier list")
        return body["dossiers"]

    def acknowledge(self, national_id: str, code: str) -> None:
        self._call(f"/dossiers/{urllib.parse.quote(national_id, safe='')}/received", {"code": code})

    def push(self, national_id: str, update: dict) -> None:
        self._call(f"/dossiers/{urllib.parse.quote(national_id, safe='')}/status", update)


def portal_of_unit() -> NationalPortal | None:
    unit = getattr(connection, "tenant", None)
    url = get_settings(unit, "onestop").get("national_portal_url", "") if getattr(unit, "pk", None) else ""
    return RestNationalPortal(url) if url else None


def _application(item: dict) -> Application:
    """The Application of a delivered dossier; OnestopError (INVALID_DATA) when it is not one."""
    if not isinstance(item, dict) or not str(item.get("id") or "").strip():
        raise OnestopError("INVALID_DATA", _("Hồ sơ Cổng DVC quốc gia gửi không có mã."), "id")
    applicant = item.get("applicant") if isinstance(item.get("applicant"), dict) else {}
    data = item.get("form_data") if isinstance(item.get("form_data"), dict) else {}
    parts = []
    for n, attachment in enumerate(item.get("attachments") or []):
        try:
            content = base64.b64decode(attachment["content_base64"], validate=True)
        except (KeyError, TypeError, binascii.Error, ValueError) as exc:
            raise OnestopError("INVALID_DATA", _("Tệp đính kèm thứ %(n)d không phải base64 hợp lệ.") % {"n": n + 1},
                               "attachments") from exc
        name = str(attachment.get("name") or f"tep-{n + 1}")
        parts.append(Part(name, Scan(name, content)))
    return Application(str(item.get("procedure_code") or ""), Channel.ONLINE, str(applicant.get("name") or ""),
                       applicant_phone=str(applicant.get("phone") or ""),
                       applicant_email=str(applicant.get("email") or ""),
                       applicant_id_number=str(applicant.get("id_number") or ""),
                       data={**data, "national_portal_id": str(item["id"])}, parts=tuple(parts))


def receive_delivered(item: dict, at: datetime | None = None) -> tuple[Dossier, bool]:
    """(the dossier, whether it is new) for one delivered dossier. Delivered before: the same dossier, its
    delivery counted. OnestopError when the dossier cannot be received (nothing recorded)."""
    at = at or timezone.now()
    application = _application(item)
    national_id = str(item["id"]).strip()
    known = NationalLink.objects.select_related("dossier").filter(national_id=national_id).first()
    if known is None:
        try:
            with transaction.atomic():
                dossier = receive(application, actor=None, received_at=at)
                link = NationalLink.objects.create(national_id=national_id, dossier=dossier, received_at=at,
                                                   last_delivered_at=at)
                _queue(link, "receive", dossier.status, at)
            return dossier, True
        except IntegrityError:  # delivered twice at the same moment: the other delivery made it
            known = NationalLink.objects.select_related("dossier").get(national_id=national_id)
    NationalLink.objects.filter(pk=known.pk).update(deliveries=F("deliveries") + 1, last_delivered_at=at)
    return known.dossier, False


@dataclass
class PullReport:
    received: list[str] = field(default_factory=list)      # codes of new dossiers
    repeated: list[str] = field(default_factory=list)      # codes of dossiers delivered again
    refused: dict[str, str] = field(default_factory=dict)  # national id -> why it could not be received
    unavailable: str = ""


def pull(portal: NationalPortal | None = None, at: datetime | None = None) -> PullReport:
    """Receive the unit's new dossiers from the portal and acknowledge each with its code. One refused dossier
    (its reason kept in the report and the log) does not stop the others; an unreachable portal is tried next time."""
    portal = portal if portal is not None else portal_of_unit()
    report = PullReport()
    if portal is None:
        return report
    try:
        items = portal.new_dossiers(connection.tenant.code)
    except Unavailable as exc:
        report.unavailable = str(exc)
        log.warning("national portal: cannot fetch dossiers: %s", exc)
        return report
    for item in items:
        national_id = str(item.get("id") if isinstance(item, dict) else "")
        try:
            dossier, new = receive_delivered(item, at)
        except OnestopError as exc:
            report.refused[national_id] = f"{exc.code}: {exc.message}"
            log.warning("national portal: dossier %s refused: %s", national_id, exc.message)
            continue
        (report.received if new else report.repeated).append(dossier.code)
        try:
            portal.acknowledge(national_id, dossier.code)
        except Unavailable as exc:  # delivered again later: the same dossier, acknowledged then
            log.warning("national portal: acknowledgement of %s failed: %s", national_id, exc)
    return report


def _queue(link: NationalLink, action: str, status: str, at: datetime) -> NationalUpdate:
    result = ""
    if status in ("result_ready", "returned"):
        result = (DossierComponent.objects.filter(dossier_id=link.dossier_id, kind=DossierComponent.RESULT)
                  .exclude(scan=None).values_list("scan_id", flat=True).first()) or ""
    return NationalUpdate.objects.create(link=link, action=action, status=status, at=at, result_sha256=result,
                                         next_attempt_at=at)


def note_change(dossier_code: str, action: str, to_status: str, at: datetime | None = None) -> None:
    """A dossier changed status: when it came from the national portal, queue the update (caller's transaction)."""
    link = NationalLink.objects.filter(dossier__code=dossier_code).first()
    if link is not None:  # at the change's own time (its event), which an injected clock may have set
        at = at or DossierEvent.objects.filter(dossier_id=link.dossier_id).order_by("-id").values_list(
            "at", flat=True).first() or timezone.now()
        _queue(link, action, to_status, at)


def _payload(update: NationalUpdate) -> dict:
    body = {"update_id": update.pk, "code": update.link.dossier.code, "action": update.action,
            "status": update.status, "at": update.at.isoformat()}
    if update.result_sha256:
        content = ScanFile.objects.filter(pk=update.result_sha256).values_list("content", flat=True).first()
        if content is not None:
            body["result"] = {"sha256": update.result_sha256, "content_base64": base64.b64encode(bytes(content)).decode()}
    return body


def delay(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, at most MAX_DELAY."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def push(portal: NationalPortal | None = None, now: datetime | None = None) -> dict[str, int]:
    """Send the due updates, in order per dossier; a failed one is retried later and holds back its dossier's next
    ones. {"sent": n, "failed": n, "waiting": n}."""
    portal = portal if portal is not None else portal_of_unit()
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "waiting": 0}
    if portal is None:
        return counts
    blocked: set[int] = set()
    for update in NationalUpdate.objects.filter(sent_at=None).select_related("link__dossier").order_by("id"):
        if update.link_id in blocked or update.next_attempt_at > now:
            blocked.add(update.link_id)
            counts["waiting"] += 1
            continue
        try:
            portal.push(update.link.national_id, _payload(update))
        except Unavailable as exc:
            update.attempts += 1
            update.last_error = str(exc)[:2000]
            update.next_attempt_at = now + delay(update.attempts)
            update.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            blocked.add(update.link_id)
            counts["failed"] += 1
            log.warning("national portal: update %s of %s failed (attempt %s): %s", update.pk,
                        update.link.national_id, update.attempts, exc)
            continue
        update.attempts += 1
        update.sent_at = now
        update.save(update_fields=["attempts", "sent_at"])
        counts["sent"] += 1
    return counts
