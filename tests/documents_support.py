"""Helpers of the documents tests: a unit with the module on and one person per role, and documents made quickly."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from api_support import add_member

from core.modules.services import enable
from modules.documents.services import actions
from modules.documents.services.inputs import Metadata

HN = ZoneInfo("Asia/Ho_Chi_Minh")
ROLES = ("clerk", "leader", "specialist")


def open_registry(unit, suffix: str | None = None) -> dict:
    """documents (and doctypes) enabled for `unit`; {role: user} with usernames "<role>-<suffix>"."""
    for module in ("doctypes", "documents"):
        enable(unit, module)
    suffix = suffix or unit.code
    people = {role: add_member(unit, f"{role}-{suffix}", roles=(role,)) for role in ROLES}
    people["specialist2"] = add_member(unit, f"specialist2-{suffix}", roles=("specialist",))
    return people


def outgoing_meta(type_code: str = "quyet_dinh", **extra) -> Metadata:
    return Metadata(type_code=type_code, subject=extra.pop("subject", "Về việc thử nghiệm"), **extra)


def incoming_meta(number: int = 12, symbol: str = "QĐ-UBND", issuer: str = "UBND tỉnh Nghệ An", **extra) -> Metadata:
    return Metadata(type_code=extra.pop("type_code", "quyet_dinh"), subject=extra.pop("subject", "Về việc đến"),
                    number=number, symbol=symbol, issuer_name=issuer, issued_on=extra.pop("issued_on", date(2026, 11, 18)),
                    **extra)


def issue_one(people, meta: Metadata | None = None, at: datetime | None = None, recipients=(), file=None):
    """An outgoing document through every step (its draft a `file` when given), issued at `at`."""
    doc = actions.create_outgoing(meta or outgoing_meta(), actor=people["specialist"],
                                  signing_authority_id=people["leader"].pk, at=at)
    actions.add_version(doc.pk, actor=people["specialist"], note="v1", file=file, at=at)
    actions.submit(doc.pk, actor=people["specialist"], at=at)
    actions.review_content(doc.pk, actor=people["leader"], at=at)
    if doc.confidentiality:  # a secret draft reaches the clerk only by being handed on (access.py: acting needs seeing)
        actions.share(doc.pk, actor=people["leader"], person_id=people["clerk"].pk, at=at)
    actions.review_format(doc.pk, actor=people["clerk"], at=at)
    actions.approve(doc.pk, actor=people["leader"], at=at)
    actions.sign(doc.pk, actor=people["leader"], at=at)
    return actions.issue(doc.pk, actor=people["clerk"], recipients=list(recipients), at=at)
