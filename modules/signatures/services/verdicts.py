"""What a screen shows beside a signed file: the latest verification of each file, found by its SHA-256 (the same
bytes are the same file in every module), reduced to one verdict, for many files in one query."""

from dataclasses import dataclass
from datetime import datetime

from modules.signatures.models import Verification
from modules.signatures.services.labels import REVOCATION_LABELS, describe, status_label

REVOKED = "revoked"


@dataclass(frozen=True)
class Verdict:
    status: str               # valid, modified, untrusted, invalid, unsigned; or revoked (a signer's certificate)
    label: str                # the overall result in words (signatures' labels)
    lines: tuple[str, ...]    # each signature: signer, then its checks in words
    checked_at: datetime


def _verdict(status: str, result: dict, checked_at: datetime) -> Verdict:
    signatures = result.get("signatures") or []
    # Revocation makes a signature untrusted; the screen names it, as the clerk must act on it differently.
    revoked = any(s.get("revocation") == REVOKED for s in signatures)
    lines = []
    for s in signatures:
        try:
            checks = "; ".join(describe(s))
        except KeyError:  # a check recorded by an older version: its overall status still stands
            checks = ""
        lines.append(f"{s.get('signer') or s.get('field', '')}: {checks}".strip(": "))
    label = str(REVOCATION_LABELS[REVOKED]) if revoked else status_label(status)
    return Verdict(REVOKED if revoked else status, label, tuple(lines), checked_at)


def verdicts(sha256s) -> dict[str, Verdict]:
    """{sha256: the newest verification's verdict} for the files among `sha256s` the unit has verified (one query);
    files never verified are absent."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return {}
    rows = (Verification.objects.filter(pdf__sha256__in=wanted)
            .order_by("pdf__sha256", "-checked_at", "-pk").distinct("pdf__sha256")
            .values_list("pdf__sha256", "status", "result", "checked_at"))
    return {sha: _verdict(status, result or {}, at) for sha, status, result, at in rows}
