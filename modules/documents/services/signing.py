"""The signing step's extension point. Until digital signatures (Decree 30 Art. 8; Decree 23/2025) plug in, the
step is a recorded manual one: the signing authority confirms that the approved document was signed.

A signatures module installs its signer with `use_signer(obj)`; `obj.sign(document, actor=..., at=...)` runs in
the "sign" action's transaction, may keep the signed file (`originals.keep_signed`), and returns what the history
records (a dict). `obj.seal(document, actor=..., at=...)` runs in the "issue" action's transaction after numbering
(Art. 15-16: the clerk numbers, seals and issues the same day), before the last version becomes the original.
Either may raise a ServiceError: the action is refused and nothing changes."""

from typing import Protocol


class Signer(Protocol):
    def sign(self, document, *, actor, at) -> dict: ...

    def seal(self, document, *, actor, at) -> dict: ...


class ManualSigner:
    """Records that the signing authority signed on paper or elsewhere; nothing is changed in the attachments."""

    def sign(self, document, *, actor, at) -> dict:
        return {"method": "manual"}

    def seal(self, document, *, actor, at) -> dict:
        return {"method": "manual"}


_signer: Signer = ManualSigner()


def use_signer(signer: Signer | None) -> None:
    """Install a signer (None: back to the manual step)."""
    global _signer
    _signer = signer or ManualSigner()


def current_signer() -> Signer:
    return _signer
