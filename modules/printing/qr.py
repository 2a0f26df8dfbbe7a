"""The QR code of a receipt: it opens the public look-up page at this dossier's status."""

import base64
import io
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
from django.conf import settings

ERROR_LEVEL = "m"   # 15 % of the code may be smudged and still read
MODULE_PIXELS = 4   # pixels per module of the embedded PNG; printed at QR_SIZE in the forms
BORDER = 4          # the quiet zone the standard asks for, in modules


def lookup_url(dossier_code: str) -> str:
    """settings.EGOV_LOOKUP_URL with ?ma=<code> (kept next to any query the setting already has)."""
    parts = urlsplit(settings.EGOV_LOOKUP_URL)
    query = "&".join(q for q in (parts.query, urlencode({"ma": dossier_code})) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def qr_code(text: str) -> segno.QRCode:
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    qr_code(text).save(out, kind="png", scale=MODULE_PIXELS, border=BORDER)
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")
