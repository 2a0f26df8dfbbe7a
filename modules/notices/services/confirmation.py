"""Confirming the applicant's phone or e-mail before anything else is sent to it (security finding 4: anonymous online
submissions queued an SMS and an e-mail to numbers and addresses the attacker chose, and e-mails to the staff).

A citizen's own online submission (channel online, recorded by nobody from the unit) names a phone number, and maybe
an e-mail address, that nobody has checked. Until one of them is confirmed, the only message each gets is a six-digit
code (by SMS to the phone; a second code by e-mail to the address), and the unit's staff get no e-mail either. The code
typed back (on the portal's receipt page, or through the API's noticesConfirmContact) confirms the contact it was sent
to and releases the dossier's held notices: to the staff, and to the applicant's confirmed contacts only. Until then
the submission stays out of the staff's queues and lists (modules.onestop.services.unconfirmed). A submission still
unconfirmed CONFIRM_WITHIN after it arrived expires: withdrawn if nobody has touched it, and nothing is ever
sent about it. Codes are kept as HMACs; sending and trying are limited per client, per phone or address and per dossier
(core.rate_limits.RateLimit).
"""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.modules.errors import ModuleError
from core.rate_limits import RateLimit
from modules.notices.events import NoticeChannel
from modules.notices.models import ContactConfirmation
from modules.notices.services.carriers import carrier
from modules.notices.services.errors import NoticesError
from modules.onestop.services import reads, unconfirmed

CONFIRM_WITHIN = timedelta(hours=1)
CODE_VALID_FOR = timedelta(minutes=15)
TRIES_PER_CODE = 5  # then the code is void: a new one must be asked for
# Counted in the cache, not on the row: a refused confirmation rolls its transaction back, the count must stay.
TRIES_PER_DOSSIER = RateLimit("confirm-dossier", TRIES_PER_CODE, 3600, prefix="notices")
CODES_PER_DOSSIER = 3  # the first and two more
# One phone or address, any dossier: above the submissions a phone may make (EGOV_ONLINE_SUBMISSIONS_PER_PHONE, 10 an
# hour) with a few new codes, far below a flood.
CODES_PER_CONTACT = RateLimit("code-contact", 15, 3600, prefix="notices")
CODES_PER_CLIENT = RateLimit("code-client", 10, 600, prefix="notices")  # new codes asked for by one client
TRIES_PER_CLIENT = RateLimit("confirm-client", 20, 600, prefix="notices")  # codes typed by one client
REFERENCE = "xac-nhan:{code}:{n}:{channel}"  # the carrier's reference of a code message


def _refused(code: str, message: str, field: str = "confirmation_code", status: int = 400) -> NoticesError:
    return NoticesError(code, message, field=field, status=status)


def _digest(dossier_code: str, channel: str, secret: str) -> str:
    return salted_hmac("notices.confirmation", f"{dossier_code}:{channel}:{secret}").hexdigest()


def needs_confirmation(dossier) -> bool:
    """A citizen's own online submission: nobody of the unit recorded it, so nobody checked its phone or e-mail."""
    if dossier is None or dossier.channel != "online":
        return False
    received = reads.last_event(dossier, "receive")
    return received is not None and received.actor_id is None


def open_for(unit, dossier, at: datetime | None = None) -> ContactConfirmation | None:
    """Called when the dossier is received, in that transaction: the confirmation and its first codes (the code
    messages are written to the carrier's queue in the same transaction). None when no code can be sent (no carrier
    loaded): then nothing could be sent about the dossier anyway."""
    if carrier() is None or not needs_confirmation(dossier):
        return None
    at = at or timezone.now()
    row, created = ContactConfirmation.objects.get_or_create(dossier_code=dossier.code, defaults={
        "phone": dossier.applicant_phone, "email": dossier.applicant_email or "", "created_at": at,
        "expires_at": at + CONFIRM_WITHIN})
    if created:
        _send_codes(unit, row, at)
        unconfirmed.hold(dossier.code)  # the staff see it once the applicant can be reached
    return row


def _send_codes(unit, row: ContactConfirmation, at: datetime) -> None:
    from modules.notices.services.dispatch import carrier_channel

    found = carrier()
    row.codes_sent += 1
    digests = {}
    for channel, address in ((NoticeChannel.SMS, row.phone), (NoticeChannel.EMAIL, row.email)):
        if not address or CODES_PER_CONTACT.exceeded(address):
            continue
        secret = f"{secrets.randbelow(10**6):06d}"
        body = (_("Mã xác nhận hồ sơ %(code)s nộp trực tuyến: %(secret)s. Không đưa mã này cho người khác.")
                % {"code": row.dossier_code, "secret": secret})
        subject = _("Mã xác nhận hồ sơ %(code)s") % {"code": row.dossier_code} if channel == NoticeChannel.EMAIL else ""
        try:
            with transaction.atomic():
                found.queue(unit, carrier_channel(unit, channel), address, subject, body,
                            reference=REFERENCE.format(code=row.dossier_code, n=row.codes_sent, channel=channel))
        except (ValueError, ModuleError):  # a malformed number or address; the carrier off in the unit
            continue
        CODES_PER_CONTACT.record(address)
        digests[channel] = _digest(row.dossier_code, channel, secret)
    row.phone_digest = digests.get(NoticeChannel.SMS, "")
    row.email_digest = digests.get(NoticeChannel.EMAIL, "")
    row.code_sent_at = at
    row.save()
    TRIES_PER_DOSSIER.forget(row.dossier_code)


def _pending(dossier_code: str) -> ContactConfirmation:
    row = ContactConfirmation.objects.select_for_update().filter(dossier_code=(dossier_code or "").strip()).first()
    if row is None:
        raise _refused("NOT_FOUND", _("Không có hồ sơ nộp trực tuyến nào chờ xác nhận với mã này."), "code", 404)
    if row.expired_at is not None:
        raise _refused("EXPIRED", _("Hồ sơ %(code)s đã hết hạn xác nhận; vui lòng nộp lại.") % {
            "code": row.dossier_code}, "code")
    return row


@transaction.atomic
def resend(unit, dossier_code: str, *, client: str, at: datetime | None = None) -> None:
    """New codes for a submission not confirmed yet (the old ones are void)."""
    at = at or timezone.now()
    if CODES_PER_CLIENT.exceeded(client):
        raise _refused("RATE_LIMITED", _("Đã yêu cầu quá nhiều mã; vui lòng thử lại sau."), "code", 429)
    CODES_PER_CLIENT.record(client)
    row = _pending(dossier_code)
    if row.confirmed:
        return
    if row.codes_sent >= CODES_PER_DOSSIER or carrier() is None:
        raise _refused("RATE_LIMITED", _("Đã gửi đủ số lần mã xác nhận cho hồ sơ này."), "code", 429)
    _send_codes(unit, row, at)


def confirm(unit, dossier_code: str, given: str, *, client: str, at: datetime | None = None) -> str:
    """Confirm the contact the code was sent to ("sms" or "email") and release the dossier's held notices.
    NoticesError WRONG_CODE, CODE_EXPIRED, EXPIRED, RATE_LIMITED or NOT_FOUND otherwise."""
    at = at or timezone.now()
    if TRIES_PER_CLIENT.exceeded(client):
        raise _refused("RATE_LIMITED", _("Đã nhập sai quá nhiều lần; vui lòng thử lại sau."), status=429)
    with transaction.atomic():
        row = _pending(dossier_code)
        given = "".join(c for c in (given or "") if c.isdigit())
        void = TRIES_PER_DOSSIER.exceeded(row.dossier_code)  # guessing a million codes five at a time is no use
        matched = [] if void else [
            channel for channel, digest in ((NoticeChannel.SMS, row.phone_digest), (NoticeChannel.EMAIL, row.email_digest))
            if digest and given and constant_time_compare(digest, _digest(row.dossier_code, channel, given))]
        if not matched:
            TRIES_PER_CLIENT.record(client)
            TRIES_PER_DOSSIER.record(row.dossier_code)
            raise _refused("WRONG_CODE", _("Mã xác nhận không đúng."))
        if row.code_sent_at is None or at > row.code_sent_at + CODE_VALID_FOR:
            raise _refused("CODE_EXPIRED", _("Mã xác nhận đã hết hạn; hãy yêu cầu mã mới."))
        channel = matched[0]
        field = "phone_confirmed_at" if channel == NoticeChannel.SMS else "email_confirmed_at"
        setattr(row, field, getattr(row, field) or at)
        row.save(update_fields=[field])
        unconfirmed.confirmed(row.dossier_code, at)  # received from now on (statistics, hand-over)
        _release(unit, row.dossier_code)
    return str(channel)


def _release(unit, dossier_code: str) -> None:
    """Queue the notices held so far: the dossier's outbox rows again (queuing is idempotent per recipient)."""
    from modules.notices.models import NoticeOutbox
    from modules.notices.services.dispatch import send_event

    for row in NoticeOutbox.objects.filter(dossier_code=dossier_code).order_by("created_at", "id"):
        send_event(unit, row.dossier_code, row.event, row.event_id)


def state_of(dossier_code: str) -> str | None:
    """"pending", "confirmed" or "expired" for a submission that needed confirming; None for any other dossier."""
    row = ContactConfirmation.objects.filter(dossier_code=dossier_code).first()
    if row is None:
        return None
    return "confirmed" if row.confirmed else "expired" if row.expired_at else "pending"


def channels_allowed(dossier_code: str) -> set[str] | None:
    """Where notices about the dossier may go: None when it needs no confirmation; none at all before a contact is
    confirmed (or after it expired); then the staff and the applicant's confirmed contacts."""
    row = ContactConfirmation.objects.filter(dossier_code=dossier_code).first()
    if row is None:
        return None
    if not row.confirmed:
        return set()
    allowed = {NoticeChannel.STAFF_EMAIL.value}
    if row.phone_confirmed_at:
        allowed.add(NoticeChannel.SMS.value)
    if row.email_confirmed_at:
        allowed.add(NoticeChannel.EMAIL.value)
    return allowed


def expire(unit, at: datetime | None = None) -> list[str]:
    """The submissions of the unit not confirmed in time: marked expired, and withdrawn when nobody has acted on
    them yet (still just received). Returns their codes."""
    from modules.onestop.services.actions import perform

    at = at or timezone.now()
    codes = []
    rows = ContactConfirmation.objects.filter(phone_confirmed_at__isnull=True, email_confirmed_at__isnull=True,
                                              expired_at__isnull=True, expires_at__lte=at)
    for row in rows:
        with transaction.atomic():
            row.expired_at = at
            row.save(update_fields=["expired_at"])
            unconfirmed.expired(row.dossier_code)  # withdrawn below, or already acted on: never received
            if reads.dossier_status(row.dossier_code) == "received":
                perform(row.dossier_code, "withdraw", actor=None, at=at,
                        reason=_("Người nộp không xác nhận số điện thoại hoặc thư điện tử trong thời hạn."))
        codes.append(row.dossier_code)
    return codes
