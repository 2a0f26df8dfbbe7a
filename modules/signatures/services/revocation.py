"""Revocation status of a signer's certificate, said only as far as it was really established: "good" when a CRL or
OCSP response that covers the certificate and its issuers was obtained and checked (fetched now, or embedded in the
document's DSS), "revoked" when one says so, otherwise "not_checked" (no address in the certificate, nothing
reachable, fetching switched off). pyHanko's soft-fail validation tells revoked apart; whether "not revoked" was
actually proven is asked again of the collected answers alone, in hard-fail mode without fetching."""

import asyncio

from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from modules.signatures.services.settings import revocation_timeout

GOOD, REVOKED, REVOKED_AFTER_SIGNING, NOT_CHECKED = "good", "revoked", "revoked_after_signing", "not_checked"
# Why not checked: the certificate names no CRL/OCSP address, they could not be reached (or stayed silent past the
# timeout), or fetching is switched off (EGOV_SIGNING_FETCH_REVOCATION) and the file carries no answers.
NO_ADDRESS, UNREACHABLE, FETCHING_OFF = "no_address", "unreachable", "fetching_off"


def fetcher_backend() -> RequestsFetcherBackend:
    # requests rather than aiohttp: a timeout (a firewall dropping packets) is then reported as a fetch failure,
    # i.e. "not checked", instead of escaping the validation as an asyncio TimeoutError.
    return RequestsFetcherBackend(per_request_timeout=revocation_timeout())


def declares_revocation(cert) -> bool:
    return bool(cert.ocsp_urls or cert.crl_distribution_points)


def proven_good(cert, *, roots, others, crls, ocsps, moment=None) -> bool:
    """The chain of `cert` to `roots` validates with these CRLs/OCSP responses alone, every certificate that names a
    CRL or OCSP address being covered by one of them."""
    if not declares_revocation(cert):
        return False
    context = ValidationContext(trust_roots=list(roots), other_certs=list(others), crls=list(crls),
                                ocsps=list(ocsps), allow_fetching=False, revocation_mode="hard-fail", moment=moment,
                                retroactive_revinfo=True)
    try:
        asyncio.run(CertificateValidator(cert, intermediate_certs=list(others),
                                         validation_context=context).async_validate_usage(set()))
    except Exception:  # noqa: BLE001 - any failure means "not proven"; the full validation says what is wrong
        return False
    return True
