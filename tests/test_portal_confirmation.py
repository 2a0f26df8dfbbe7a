"""The portal's receipt confirms the applicant's phone or e-mail: the code sent there, typed back on the receipt page of
the browser that submitted, releases the dossier's notices; until then only the codes were sent (modules/notices)."""

import re

from egov_notify.models import Message
from test_notices_support import run_notices
from test_portal_views import _client, _dossiers, _submit
from test_portal_views import portal as portal  # noqa: F401 - the fixture

from modules.notices.models import NoticeLog
from modules.notices.services import confirmation
from tenants.services import entered

PHONE, EMAIL = "0912345678", "hoa@example.vn"


def _messages(unit) -> list[tuple[str, str, str]]:
    with entered(unit):
        return [(m.channel, m.recipient, m.body) for m in Message.objects.order_by("id")]


def _code_for(unit, recipient: str) -> str:
    bodies = [body for _channel, to, body in _messages(unit) if to == recipient]
    return re.search(r": (\d{6})\.", bodies[-1]).group(1)


def _forget(unit, code: str) -> None:
    with entered(unit):
        for limit, value in ((confirmation.CODES_PER_CONTACT, PHONE), (confirmation.CODES_PER_CONTACT, EMAIL),
                             (confirmation.CODES_PER_CLIENT, "10.90.0.1"), (confirmation.TRIES_PER_CLIENT, "10.90.0.1"),
                             (confirmation.TRIES_PER_DOSSIER, code)):
            limit.forget(value)


def test_the_receipt_page_confirms_the_phone_and_releases_the_notices(portal):
    unit = portal
    client = _client(unit)
    _forget(unit, "")  # the other portal tests submit with the same phone and address
    assert _submit(client).status_code == 302
    [code] = _dossiers(unit)
    try:
        page = client.get(f"/m/portal/bien-nhan/{code}/").content.decode()
        assert 'id="confirm"' in page and 'autocomplete="one-time-code"' in page
        assert run_notices(unit) == []
        assert sorted((channel, to) for channel, to, _body in _messages(unit)) == [("email", EMAIL), ("sms", PHONE)]

        wrong = client.post(f"/m/portal/bien-nhan/{code}/", {"ma": "000000" if _code_for(unit, PHONE) != "000000"
                                                                  else "111111"})
        assert wrong.status_code == 400 and "Mã xác nhận không đúng." in wrong.content.decode()
        resent = client.post(f"/m/portal/bien-nhan/{code}/", {"gui-lai": "1"})
        assert resent.status_code == 200 and "Đã gửi mã mới" in resent.content.decode()
        done = client.post(f"/m/portal/bien-nhan/{code}/", {"ma": _code_for(unit, PHONE)})
        assert done.status_code == 200 and 'id="confirmation"' in done.content.decode()
        assert 'id="confirm"' not in done.content.decode()
        with entered(unit):
            assert {(log.channel, log.recipient) for log in NoticeLog.objects.filter(dossier_code=code)} >= {
                ("sms", PHONE)}
            assert not NoticeLog.objects.filter(channel="email", recipient=EMAIL).exists()  # never confirmed
        # another browser cannot confirm, even knowing the dossier code
        assert _client(unit, "10.90.0.2").post(f"/m/portal/bien-nhan/{code}/", {"ma": "123456"}).status_code == 404
    finally:
        _forget(unit, code)
