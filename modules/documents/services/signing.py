"""The signing step's extension point. Until digital signatures (Decree 30 Art. 8; Decree 23/2025) plug in, the
step is a recorded manual one: the signing authority confirms that the approved document was signed.

A signatures module installs its signer with `use_signer(obj)`; `obj.sign(document, actor=..., at=...)` runs in
the "sign" action's transaction, may keep the signed file (`originals.keep_signed`), and returns what the history
records (a dict). `obj.seal(document, actor=..., at=...)` runs in the "issue" action's transaction after numbering
(Art. 15-16: the clerk numbers, seals and issues the same day), before the last version becomes the original.
Either may raise a ServiceError: the action is refused and nothing changes.

The same object serves the XML signature of edXML envelopes (QCVN 102:2016): `envelope_key()` gives the agency's
key and certificate (PEM) when its key source can sign XML, else None (the envelope goes unsigned);
`certificate_trust(chain)` says whether an arriving envelope's signing certificate (PEM, then its chain) reaches the
configured trust roots, or None when nothing can say (integrity is then all that is checked)."""

from typing import Protocol

from modules.documents.edxml.signature import sign, verify


class Signer(Protocol):
    def sign(self, document, *, actor, at) -> dict: ...

    def seal(self, document, *, actor, at) -> dict: ...

    def envelope_key(self) -> tuple[bytes, bytes] | None: ...

    def certificate_trust(self, chain: list[str]) -> dict | None: ...


class ManualSigner:
    """Records that the signing authority signed on paper or elsewhere; nothing is changed in the attachments."""

    def sign(self, document, *, actor, at) -> dict:
        return {"method": "manual"}

    def seal(self, document, *, actor, at) -> dict:
        return {"method": "manual"}

    def envelope_key(self) -> tuple[bytes, bytes] | None:
        return None

    def certificate_trust(self, chain: list[str]) -> dict | None:
        return None


_signer: Signer = ManualSigner()


def use_signer(signer: Signer | None) -> None:
    """Install a signer (None: back to the manual step)."""
    global _signer
    _signer = signer or ManualSigner()


def current_signer() -> Signer:
    return _signer


def signed_envelope(envelope: bytes) -> bytes:
    """The envelope with the agency's XML signature when the installed signer has a key that signs XML."""
    key = current_signer().envelope_key()
    return sign(envelope, *key) if key else envelope


def check_envelope(content: bytes) -> dict:
    """An arriving envelope's XML signature: integrity against the certificate it carries (`valid`), then whether
    that certificate reaches the configured trust roots (`trusted`: None when no signer can say; `trust` the
    details: revocation, reason)."""
    checked = verify(content)
    trust = current_signer().certificate_trust(checked["chain"]) if checked["valid"] else None
    checked["trusted"] = trust["trusted"] if trust is not None else None
    checked["trust"] = trust or {}
    return checked
