"""Trust in a certificate outside a PDF (the XML signature of an edXML envelope): its chain to the configured trust
roots (services/trust.py) at `at` (now), with its revocation status as far as it was established
(services/revocation.py)."""

import asyncio
from datetime import datetime

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import RevokedError

from modules.signatures.services import revocation
from modules.signatures.services.settings import fetch_revocation
from modules.signatures.services.trust import trust_roots


def _load(text: str | bytes) -> asn1_x509.Certificate:
    data = text.encode() if isinstance(text, str) else text
    return asn1_x509.Certificate.load(pem.unarmor(data)[2] if pem.detect(data) else data)


def certificate_trust(chain, *, roots=None, at: datetime | None = None) -> dict:
    """{"trusted": bool, "revocation": good | revoked | not_checked, "reason": str} for the first certificate of
    `chain` (PEM or DER; the rest its intermediates)."""
    roots = list(trust_roots() if roots is None else roots)
    try:
        certs = [_load(c) for c in chain]
    except (ValueError, TypeError) as exc:
        return {"trusted": False, "revocation": revocation.NOT_CHECKED, "reason": f"unreadable certificate: {exc}"}
    if not certs:
        return {"trusted": False, "revocation": revocation.NOT_CHECKED, "reason": "no certificate"}
    if not roots:
        return {"trusted": False, "revocation": revocation.NOT_CHECKED, "reason": "no trust roots configured"}
    context = ValidationContext(trust_roots=roots, other_certs=certs[1:], allow_fetching=fetch_revocation(),
                                revocation_mode="soft-fail", moment=at, fetcher_backend=revocation.fetcher_backend())
    try:
        asyncio.run(CertificateValidator(certs[0], intermediate_certs=certs[1:], validation_context=context)
                    .async_validate_usage(set()))
    except RevokedError as exc:
        return {"trusted": False, "revocation": revocation.REVOKED, "reason": str(exc)[:300]}
    except Exception as exc:  # noqa: BLE001 - no path to a root, expired, bad signature: not trusted, said why
        return {"trusted": False, "revocation": revocation.NOT_CHECKED, "reason": str(exc)[:300]}
    good = revocation.proven_good(certs[0], roots=roots, others=certs[1:], crls=context.crls, ocsps=context.ocsps,
                                  moment=at)
    return {"trusted": True, "revocation": revocation.GOOD if good else revocation.NOT_CHECKED, "reason": ""}
