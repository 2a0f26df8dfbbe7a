"""Importing files of the national procedure database into the catalogue, with a report of what happened.

Each record is checked on its own: a bad one is skipped and reported with its position, the others go on. A file that
cannot be read raises CatalogueFileError and imports nothing. Re-importing the same content creates nothing.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from modules.catalogue.services import versions
from modules.catalogue.services.normalize import InvalidRecord, NormalizedRecord, normalize_record
from modules.catalogue.services.readers import SourceRecord, read_file

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "data" / "sample-procedures.json"


@dataclass
class Issue:
    position: str
    code: str
    message: str

    def __str__(self):
        where = f"{self.position} ({self.code})" if self.code else self.position
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    dry_run: bool = False

    def by_record(self) -> dict[str, list[str]]:
        """What could not be read or was skipped, per record ("bản ghi 3 (1.000080)"): nothing is reduced silently."""
        result: dict[str, list[str]] = {}
        for issue in [*self.skipped, *self.warnings]:
            where = f"{issue.position} ({issue.code})" if issue.code else issue.position
            result.setdefault(where, []).append(issue.message)
        return result

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.skipped)

    def summary(self) -> str:
        text = _("%(total)d bản ghi: %(created)d mới, %(updated)d cập nhật (phiên bản mới), %(unchanged)d không đổi, "
                 "%(skipped)d bỏ qua; %(warnings)d cảnh báo.") % {
            "total": self.total, "created": len(self.created), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "skipped": len(self.skipped), "warnings": len(self.warnings)}
        return text + (" " + _("(Chạy thử: không lưu gì.)") if self.dry_run else "")


class _DryRun(Exception):
    pass


def _jsonable(data):
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


BATCH = 500  # records written together: a handful of queries per batch instead of a dozen per record


def import_records(records: Iterable[SourceRecord | dict], *, dry_run: bool = False, valid_from=None) -> ImportReport:
    """Import records (SourceRecord, or plain dicts numbered from 1) and return the report.

    dry_run: everything is checked and counted as for a real import, then rolled back.
    """
    report = ImportReport(dry_run=dry_run)
    seen: dict[str, str] = {}
    batch: list[tuple[SourceRecord, NormalizedRecord]] = []
    try:
        with transaction.atomic():
            for index, item in enumerate(records, start=1):
                if not isinstance(item, SourceRecord):
                    item = SourceRecord(_("bản ghi %(n)d") % {"n": index}, item)
                record = _checked(item, report, seen)
                if record is not None:
                    batch.append((item, record))
                if len(batch) >= BATCH:
                    _store(batch, report, valid_from)
                    batch = []
            _store(batch, report, valid_from)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _checked(item: SourceRecord, report: ImportReport, seen: dict[str, str]) -> NormalizedRecord | None:
    try:
        record = normalize_record(item.data)
    except InvalidRecord as exc:
        code = item.data.get("ma_thu_tuc", "") if isinstance(item.data, dict) else ""
        report.skipped.append(Issue(item.position, str(code or "")[:60], str(exc)))
        return None
    if record.code in seen:
        report.skipped.append(Issue(item.position, record.code, _("Mã thủ tục trùng với %(position)s trong cùng tệp; "
                                                                  "bỏ qua bản ghi sau.") % {"position": seen[record.code]}))
        return None
    seen[record.code] = item.position
    return record


def _store(batch: list[tuple[SourceRecord, NormalizedRecord]], report: ImportReport, valid_from) -> None:
    """The batch in one go; when the database refuses it, record by record, so that only the faulty ones are
    skipped (and reported)."""
    if not batch:
        return
    try:
        with transaction.atomic():
            outcomes = versions.store_many([(r, _jsonable(i.data)) for i, r in batch], valid_from)
    except DatabaseError:
        outcomes = []
        for item, record in batch:
            try:
                with transaction.atomic():
                    outcomes.append(versions.store(record, _jsonable(item.data), valid_from)[0])
            except DatabaseError as exc:
                outcomes.append(exc)
    for (item, record), outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, DatabaseError):
            report.skipped.append(Issue(item.position, record.code, _("Không lưu được: %(error)s") % {"error": outcome}))
            continue
        {versions.CREATED: report.created, versions.UPDATED: report.updated,
         versions.UNCHANGED: report.unchanged}[outcome].append(record.code)
        report.warnings.extend(Issue(item.position, record.code, message) for message in record.warnings)


def import_file(path, *, dry_run: bool = False) -> ImportReport:
    """Import a .json or .xlsx file of the national database. Raises CatalogueFileError when unreadable."""
    return import_records(read_file(path), dry_run=dry_run)


def import_sample(*, dry_run: bool = False) -> ImportReport:
    """The demonstration catalogue shipped with the module (real procedures, transcribed; see the docs)."""
    return import_file(SAMPLE_FILE, dry_run=dry_run)
