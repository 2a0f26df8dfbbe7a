"""Helpers of the case-file tests: a unit with documents and case files on, its people, and documents to file."""

from datetime import datetime

from api_support import add_member
from documents_support import HN, incoming_meta, open_registry

from core.modules.services import enable
from modules.casefiles import services as casefiles
from modules.documents.services import actions

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=HN)


def open_archive(unit, suffix: str | None = None) -> dict:
    """documents and casefiles enabled for `unit`; the documents' people plus an archivist."""
    people = open_registry(unit, suffix)
    enable(unit, "casefiles")
    suffix = suffix or unit.code
    people["archivist"] = add_member(unit, f"archivist-{suffix}", roles=("archivist",),
                                     email=f"archivist-{suffix}@example.org")
    return people


def incoming(people, number: int, **extra) -> int:
    """An incoming document registered by the clerk; its id."""
    return actions.register_incoming(incoming_meta(number, **extra), actor=people["clerk"], at=OPENED).pk


def file_with_documents(people, code: str = "01.05", retention_years: int | None = 10, numbers=(1, 2), year=2026):
    """A plan entry, its file opened, and incoming documents put in it; the file."""
    entry = casefiles.add_plan_entry(year, code, f"Hồ sơ {code} về kiểm tra", retention_years,
                                     keeper_id=people["specialist"].pk, keeper_department="Văn phòng", at=OPENED)
    case_file = casefiles.open_file(entry.pk, actor=people["specialist"], at=OPENED)
    for number in numbers:
        casefiles.add_document(case_file.pk, incoming(people, number), actor=people["specialist"], at=OPENED)
    return case_file
