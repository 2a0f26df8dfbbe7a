"""The PDF a mutation receives: base64 in the request."""

import base64
import binascii

from django.utils.translation import gettext as _

from core.api.mutations.base import MutationError


def pdf_bytes(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MutationError("INVALID_DATA", _("Nội dung tệp không phải base64."), field="content") from exc
