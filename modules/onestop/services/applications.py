"""Applications as callers send them: checked and normalised before intake, and the online submission.

A caller's mistake is an OnestopError (code, message, field) and nothing is recorded.
"""

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from modules.onestop.models import Channel, Dossier
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive

# Mobile or landline numbers: 0 or +84, then 9 or 10 digits (spaces, dots, dashes and brackets are ignored).
_PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
_PHONE_NOISE = re.compile(r"[\s.\-()]")
_LIMITS = {"applicant_name": 200, "applicant_id_number": 20, "applicant_email": 254}


def _text(values: Mapping, key: str) -> str:
    value = values.get(key)
    return "" if value is None else str(value).strip()


def normalise_phone(value: str) -> str:
    """The number without separators; OnestopError INVALID_PHONE when it is not a Vietnamese phone number."""
    phone = _PHONE_NOISE.sub("", value or "")
    if phone and not _PHONE.match(phone):
        raise OnestopError("INVALID_PHONE", _("Số điện thoại không hợp lệ: %(p)s.") % {"p": value}, "applicant_phone")
    return phone


def application_from(values: Mapping, *, channel: str) -> Application:
    """An Application from the fields a caller sent (procedure_code, applicant_*, data)."""
    for key, limit in _LIMITS.items():
        if len(_text(values, key)) > limit:
            raise OnestopError("TOO_LONG", _("Tối đa %(n)d ký tự.") % {"n": limit}, key)
    email = _text(values, "applicant_email")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise OnestopError("INVALID_EMAIL", _("Địa chỉ thư điện tử không hợp lệ."), "applicant_email") from exc
    data = values.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OnestopError("INVALID_DATA", _("Dữ liệu hồ sơ phải là một đối tượng JSON."), "data")
    return Application(
        procedure_code=_text(values, "procedure_code"), channel=channel, applicant_name=_text(values, "applicant_name"),
        applicant_phone=normalise_phone(_text(values, "applicant_phone")),
        applicant_email=email, applicant_id_number=_text(values, "applicant_id_number"), data=data,
        competent_unit_code=_text(values, "competent_unit"), result_delivery=_text(values, "result_delivery"),
        parts=tuple(values.get("parts") or ()),  # digitisation.Part, checked at intake
    )


def receive_application(values: Mapping, *, channel: str, actor) -> Dossier:
    """A dossier received by a member of the unit (at the counter, by post, or online through an integration)."""
    return receive(application_from(values, channel=channel), actor=actor)


def submit_online(values: Mapping) -> Dossier:
    """A citizen's own online submission: no account needed, the channel is online and a phone number to reach
    them is required. The dossier waits for a receiving officer (status received, no assignee)."""
    application = application_from(values, channel=Channel.ONLINE)
    if not application.applicant_phone:
        raise OnestopError("REQUIRED", _("Cần số điện thoại của người nộp để liên hệ."), "applicant_phone")
    return receive(application, actor=None)
