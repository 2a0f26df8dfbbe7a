"""The QR code of a receipt: it opens the look-up page at this dossier's status (the address is the tracking
module's, modules.tracking.services.lookup_url: the same one SMS and e-mails carry)."""

import base64
import io

import segno

ERROR_LEVEL = "m"   # 15 % of the code may be smudged and still read
MODULE_PIXELS = 4   # pixels per module of the embedded PNG; printed at QR_SIZE in the forms
BORDER = 4          # the quiet zone the standard asks for, in modules


def qr_code(text: str) -> segno.QRCode:
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    qr_code(text).save(out, kind="png", scale=MODULE_PIXELS, border=BORDER)
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")
