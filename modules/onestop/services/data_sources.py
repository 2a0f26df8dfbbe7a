"""Data instead of paper (Resolution 66.7/2025/NQ-CP; the shared databases of seed 004): a component that a national
or shared database provides is looked up by the officer instead of asked for.

The registry (DATABASES) names each database and the agency that owns it. Look-ups go through one adapter interface,
`DataPlatform.fetch(database, key)`; the installation's adapter is REST over HTTP (the national data platform or the
province's LGSP), at the unit's onestop setting `data_platform_url`: GET <url>/<database>/<key> answers 200 with
{"reference": "...", "data": {...}} or 404 when the database has no such record. The tests run a real HTTP server
speaking the same protocol (a stand-in, the same adapter class).

When the database cannot give the data (no platform configured, not reachable, no record, or a record that is not the
applicant's), the look-up does not fail the receipt: the paper is asked for instead, and the reason is kept on the
dossier's component (digitisation.record: handling `paper`, or `scanned` when the paper was scanned at once).
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.accounts.services import role_codes
from core.modules.services import get_settings
from modules.onestop.models import FINAL_STATUSES, Dossier, DossierComponent, Handling
from modules.onestop.services import events
from modules.onestop.services.errors import OnestopError

TIMEOUT_S = 5


@dataclass(frozen=True)
class Database:
    code: str
    name: str
    owner: str


DATABASES = {d.code: d for d in (
    Database("population", gettext_lazy("Cơ sở dữ liệu quốc gia về dân cư"), gettext_lazy("Bộ Công an")),
    Database("enterprise", gettext_lazy("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp"),
             gettext_lazy("Bộ Tài chính")),
    Database("land", gettext_lazy("Cơ sở dữ liệu đất đai"), gettext_lazy("Bộ Nông nghiệp và Môi trường")),
    Database("civil_status", gettext_lazy("Cơ sở dữ liệu hộ tịch điện tử"), gettext_lazy("Bộ Tư pháp")),
    Database("officials", gettext_lazy("Cơ sở dữ liệu về cán bộ, công chức, viên chức"), gettext_lazy("Bộ Nội vụ")),
)}


class Unavailable(Exception):
    """The platform could not answer (not reachable, an error, an answer not in the protocol)."""


class DataPlatform(Protocol):
    def fetch(self, database: str, key: str) -> dict | None:
        """{"reference": str, "data": dict} of the record, None when the database has none; Unavailable otherwise."""


class RestDataPlatform:
    """The national data platform or a provincial LGSP over REST (see the module's docstring)."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_S):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def fetch(self, database: str, key: str) -> dict | None:
        url = f"{self.base_url}/{urllib.parse.quote(database)}/{urllib.parse.quote(key, safe='')}"
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - configured URL
                body = json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise Unavailable(f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise Unavailable(str(exc)) from exc
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise Unavailable("not a record")
        return {"reference": str(body.get("reference") or ""), "data": body["data"]}


def platform_of_unit() -> DataPlatform | None:
    """The current unit's adapter, or None when the unit has not configured a platform."""
    unit = getattr(connection, "tenant", None)
    url = get_settings(unit, "onestop").get("data_platform_url", "") if getattr(unit, "pk", None) else ""
    return RestDataPlatform(url) if url else None


@dataclass(frozen=True)
class Found:
    database: str
    key: str
    reference: str = ""
    data: dict = field(default_factory=dict)
    fallback_reason: str = ""   # set: the paper is asked for instead

    @property
    def usable(self) -> bool:
        return not self.fallback_reason

    def as_part(self) -> dict:
        """What digitisation.Part.database carries to the dossier."""
        return {"database": self.database, "reference": self.reference, "data": self.data,
                "fallback_reason": self.fallback_reason, "looked_up_at": timezone.now().isoformat()}


def look_up(database: str, key: str, platform: DataPlatform | None = None) -> Found:
    """The record of `key` (an id number, an enterprise code ...) in `database`, or a Found with the reason the
    paper must be asked for instead. OnestopError UNKNOWN_DATABASE / REQUIRED for a bad request (nothing done)."""
    if database not in DATABASES:
        raise OnestopError("UNKNOWN_DATABASE", _("Không có cơ sở dữ liệu “%(d)s”.") % {"d": database}, "components")
    key = (key or "").strip()
    if not key:
        raise OnestopError("REQUIRED", _("Cần khóa tra cứu (số định danh, mã số doanh nghiệp ...)."), "components")
    platform = platform if platform is not None else platform_of_unit()
    name = DATABASES[database].name
    if platform is None:
        return Found(database, key, fallback_reason=_("Đơn vị chưa kết nối nền tảng chia sẻ dữ liệu; yêu cầu nộp bản "
                                                      "giấy."))
    try:
        record = platform.fetch(database, key)
    except Unavailable as exc:
        return Found(database, key, fallback_reason=_("Không kết nối được %(db)s (%(e)s); yêu cầu nộp bản giấy.")
                     % {"db": name, "e": exc})
    if record is None:
        return Found(database, key, fallback_reason=_("%(db)s không có dữ liệu của %(key)s; yêu cầu nộp bản giấy.")
                     % {"db": name, "key": key})
    owner = str(record["data"].get("id_number") or record["data"].get("key") or key)
    if owner != key:  # a record that is not the applicant's is wrong data: never used
        return Found(database, key, record["reference"], fallback_reason=_(
            "Dữ liệu %(db)s trả về không khớp với %(key)s; yêu cầu nộp bản giấy.") % {"db": name, "key": key})
    return Found(database, key, record["reference"], record["data"])


# Who may find looked-up data wrong: the officer who received the dossier, or the specialist checking it.
REJECTING_ROLES = {"receiving_officer", "specialist"}
# The longest reason kept (the history's reason and the component's fallback reason keep this much; the screen's field
# allows no more).
REASON_MAX = 1000


def may_reject(actor, dossier: Dossier | None = None) -> bool:
    """Whether `actor` holds a role that may reject looked-up data in the current unit (and, given `dossier`, whether
    it is still open) - what the screens ask before offering the button; `reject` checks it again."""
    if dossier is not None and dossier.status in FINAL_STATUSES:
        return False
    return bool(role_codes(actor, connection.tenant) & REJECTING_ROLES)


def reject(dossier_code: str, name: str, reason: str, *, actor, at: datetime | None = None) -> DossierComponent:
    """The officer finds the data a database gave for the component `name` wrong (the database answered, the data is
    not right): the component falls back to paper, recorded like an automatic fallback (handling `paper`, the reason
    kept, the record looked up kept beside it), and the dossier's history says who and why. OnestopError, nothing
    changed: NOT_FOUND, DOSSIER_CLOSED, FORBIDDEN_ROLE, REASON_REQUIRED, NOT_LOOKED_UP (no component of that name
    taken from a database)."""
    at = at or timezone.now()
    dossier = Dossier.objects.select_for_update().filter(code=dossier_code).first()
    if dossier is None:
        raise OnestopError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code}, "code")
    roles = role_codes(actor, connection.tenant) & REJECTING_ROLES
    if not roles:
        raise OnestopError("FORBIDDEN_ROLE", _("Chỉ cán bộ tiếp nhận hoặc chuyên viên được từ chối dữ liệu khai "
                                               "thác."), "code")
    if dossier.status in FINAL_STATUSES:
        raise OnestopError("DOSSIER_CLOSED", _("Hồ sơ %(code)s đã kết thúc.") % {"code": dossier_code}, "code")
    reason = (reason or "").strip()
    if not reason:
        raise OnestopError("REASON_REQUIRED", _("Nêu lý do dữ liệu khai thác không đúng."), "reason")
    row = (DossierComponent.objects.select_for_update()
           .filter(dossier=dossier, kind=DossierComponent.COMPONENT, handling=Handling.DATABASE, name=name.strip())
           .order_by("id").first())
    if row is None:
        raise OnestopError("NOT_LOOKED_UP", _("Hồ sơ không có thành phần “%(name)s” khai thác từ cơ sở dữ liệu.")
                           % {"name": name}, "component")
    db = DATABASES[row.database_code].name if row.database_code in DATABASES else row.database_code
    row.handling = Handling.PAPER
    row.fallback_reason = _("Cán bộ từ chối dữ liệu %(db)s: %(reason)s; yêu cầu nộp bản giấy.") % {
        "db": db, "reason": reason[:REASON_MAX]}
    row.save(update_fields=["handling", "fallback_reason"])
    events.record(dossier, "reject_looked_up_data", at=at, from_status=dossier.status, to_status=dossier.status,
                  actor=actor, unit_code=connection.tenant.code, role_code=sorted(roles)[0], reason=reason[:REASON_MAX],
                  data={"component": row.name, "database": row.database_code, "reference": row.lookup_reference})
    return row
