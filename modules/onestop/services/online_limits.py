"""Limits on citizens' own online submissions, which need no account: per client address (core.client_address) and
per phone number, counted when a submission is accepted (a citizen's typing mistakes do not count), and the size of
the application's data. Every accepted submission sends an SMS and an e-mail to the applicant and e-mails staff:
unlimited, they would let anyone flood the unit's queue and send messages to numbers of their choosing."""

import json

from django.conf import settings
from django.utils.translation import gettext as _

from core.rate_limits import RateLimit
from modules.onestop.services.errors import OnestopError

PER_CLIENT = RateLimit("onestop-online-client", settings.EGOV_ONLINE_SUBMISSIONS_PER_CLIENT, 600)
PER_PHONE = RateLimit("onestop-online-phone", settings.EGOV_ONLINE_SUBMISSIONS_PER_PHONE, 3600)
MAX_DATA_CHARS = 64_000  # the application's data as JSON


def _phone(values) -> str:
    return "".join(c for c in str(values.get("applicant_phone") or "") if c.isdigit())[-9:]


def check(values, client: str) -> None:
    """OnestopError RATE_LIMITED or DATA_TOO_LARGE before anything is stored or sent."""
    if PER_CLIENT.exceeded(client) or PER_PHONE.exceeded(_phone(values)):
        raise OnestopError("RATE_LIMITED", _("Đã nộp quá nhiều hồ sơ trực tuyến trong thời gian ngắn; vui lòng thử lại "
                                             "sau hoặc liên hệ bộ phận một cửa."))
    data = values.get("data")
    if data is not None and len(json.dumps(data, ensure_ascii=False, default=str)) > MAX_DATA_CHARS:
        raise OnestopError("DATA_TOO_LARGE", _("Dữ liệu khai quá lớn (tối đa %(max)d ký tự).") % {"max": MAX_DATA_CHARS},
                           "data")


def accepted(values, client: str) -> None:
    PER_CLIENT.record(client)
    PER_PHONE.record(_phone(values))
