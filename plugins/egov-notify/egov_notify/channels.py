"""How a message leaves: one function per channel, `send(recipient, subject, body, sender, reference) -> provider id`.

A channel raises DeliveryError: permanent when sending again cannot help (a refused address, a gateway that
rejects the request), temporary otherwise (a timeout, a gateway error), so the queue tries again later.
"""

import json
import re
import smtplib
import sys
import urllib.error
import urllib.request
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from egov_notify import conf
from egov_notify.choices import Channel

_PHONE = re.compile(r"^\+?[0-9]{9,15}$")
_TEMPORARY_HTTP = {408, 425, 429}


class DeliveryError(Exception):
    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


def normalise_recipient(channel: str, recipient: str) -> str:
    """The recipient as stored and sent; ValueError when it cannot be one for the channel."""
    recipient = (recipient or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(recipient)
        except ValidationError as exc:
            raise ValueError(f"{recipient!r} is not an e-mail address") from exc
        return recipient
    if channel == Channel.SMS:
        phone = re.sub(r"[\s.\-()]", "", recipient)
        if not _PHONE.match(phone):
            raise ValueError(f"{recipient!r} is not a phone number")
        return phone
    if channel == Channel.CONSOLE:
        if not recipient:
            raise ValueError("the recipient is empty")
        return recipient
    raise ValueError(f"unknown channel {channel!r}")


def send_email(recipient: str, subject: str, body: str, sender: str = "", reference: str = "") -> str:
    message_id = make_msgid(domain="egov")
    mail = EmailMessage(subject, body, sender or settings.DEFAULT_FROM_EMAIL, [recipient],
                        headers={"Message-ID": message_id, **({"X-Egov-Reference": reference} if reference else {})})
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"recipient refused: {exc.recipients}", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    return message_id


def send_sms(recipient: str, subject: str, body: str, sender: str = "", reference: str = "") -> str:
    """POST {"to", "text", "sender", "reference"} as JSON to the gateway; its answer's "id" is the provider id."""
    url = conf.sms_url()
    if not url:
        raise DeliveryError("no SMS gateway is configured (EGOV_NOTIFY_SMS_URL)", permanent=True)
    payload = {"to": recipient, "text": body, "sender": sender or conf.sms_sender(), "reference": reference}
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json",
        **({"Authorization": f"Bearer {conf.sms_api_key()}"} if conf.sms_api_key() else {}),
    })
    try:
        with urllib.request.urlopen(request, timeout=conf.sms_timeout()) as response:  # noqa: S310 - configured URL
            answer = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:200].decode(errors="replace")
        permanent = exc.code < 500 and exc.code not in _TEMPORARY_HTTP
        raise DeliveryError(f"gateway answered {exc.code}: {detail}", permanent=permanent) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"gateway unreachable: {getattr(exc, 'reason', exc)}") from exc
    try:
        return str(json.loads(answer or b"{}").get("id", ""))
    except (ValueError, AttributeError):
        return ""


def send_console(recipient: str, subject: str, body: str, sender: str = "", reference: str = "") -> str:
    """For development: the message is written to the standard output of the worker."""
    sys.stdout.write(f"[notify] to {recipient}{f' ({reference})' if reference else ''}: {subject}\n{body}\n")
    sys.stdout.flush()
    return "console"


SENDERS = {Channel.EMAIL: send_email, Channel.SMS: send_sms, Channel.CONSOLE: send_console}
