"""What a citizen may see of a dossier, given its code and the phone number it was filed with.

Every refusal looks the same (NOT_FOUND) whether the code, the unit or the phone number was wrong, so guessing codes
tells nothing; attempts are counted per client, per code and per phone number (services/throttle.py). Once wrong
guesses pile up on a code or a phone number, the right answer also needs a confirmation code sent by SMS to the phone
the dossier was filed with (services/confirmation.py): the citizen is never locked out by someone else's guesses.
"""

import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.modules.services import is_enabled
from modules.onestop.services import reads, reorganisation
from modules.onestop.services.reads import Status
from modules.tracking.models import Rating
from modules.tracking.services import confirmation, throttle
from modules.tracking.services.errors import LookupRefused
from tenants.models import Unit, UnitStatus
from tenants.services import entered
from tenants.services.forwarding import follow

_ANSWERING = (UnitStatus.READY, UnitStatus.ARCHIVED)  # an ended unit's archive still answers for what it kept
_CODE = re.compile(r"^(?P<agency>[A-Za-z0-9][A-Za-z0-9.\-]{0,39})-(?P<day>\d{6})-(?P<n>\d{4,})$")

# What the citizen is told of each step of the history (staff names and internal notes are never shown).
STEP_LABELS = {
    "receive": gettext_lazy("Tiếp nhận hồ sơ"),
    "receive_transfer": gettext_lazy("Nhận hồ sơ liên thông"),
    "start": gettext_lazy("Bắt đầu xử lý"),
    "forward": gettext_lazy("Chuyển bước xử lý"),
    "request_supplement": gettext_lazy("Yêu cầu bổ sung hồ sơ"),
    "supplement_received": gettext_lazy("Đã nhận hồ sơ bổ sung"),
    "pause": gettext_lazy("Tạm dừng xử lý"),
    "resume": gettext_lazy("Tiếp tục xử lý"),
    "transfer": gettext_lazy("Chuyển liên thông đến đơn vị khác"),
    "transfer_back": gettext_lazy("Đơn vị liên thông đã xử lý xong"),
    "request_payment": gettext_lazy("Chờ nộp phí, lệ phí"),
    "paid": gettext_lazy("Đã nộp phí, lệ phí"),
    "approve": gettext_lazy("Đã có kết quả"),
    "return_result": gettext_lazy("Đã trả kết quả"),
    "refuse": gettext_lazy("Từ chối giải quyết"),
    "withdraw": gettext_lazy("Rút hồ sơ"),
    "extend": gettext_lazy("Hẹn lại ngày trả kết quả"),
    "reorganise": gettext_lazy("Chuyển đơn vị giải quyết do sắp xếp đơn vị hành chính"),
    "stop": gettext_lazy("Dừng giải quyết hồ sơ"),
    # Received here for another unit (receipt regardless of boundary): the hand-over; that unit's own steps follow as
    # it reports them (remote:<action>, below), its outcome among them.
    "send_to_competent": gettext_lazy("Chuyển hồ sơ đến cơ quan có thẩm quyền giải quyết"),
}


def _steps(dossier, events) -> list["Step"]:
    """The labelled steps of the history, oldest first: this unit's, and those the competent unit reported for a
    dossier received here for it ("remote:<action>" events from that unit), at the same level of detail."""
    steps = []
    for action, unit_code, at in events:
        if action.startswith("remote:"):
            action = action.removeprefix("remote:") if unit_code == dossier.competent_unit_code else ""
        if action in STEP_LABELS:
            steps.append(Step(str(STEP_LABELS[action]), localtime(at)))
    return steps


@dataclass
class Step:
    label: str
    at: datetime


@dataclass
class Tracking:
    code: str
    procedure_name: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime
    holder_unit_name: str
    steps: list[Step] = field(default_factory=list)
    can_rate: bool = False
    rating: int | None = None


def normalize_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) > 9 else digits


def _not_found() -> LookupRefused:
    return LookupRefused("NOT_FOUND", _("Không tìm thấy hồ sơ với mã và số điện thoại này."))


def _confirmation_required() -> LookupRefused:
    return LookupRefused("CONFIRMATION_REQUIRED", _(
        "Hồ sơ này đang được bảo vệ vì có nhiều lần tra cứu sai. Nếu số điện thoại đúng, mã xác nhận đã được gửi "
        "qua SMS đến số đó; nhập mã để xem hồ sơ."))


def _unit_of(code: str) -> Unit | None:
    """The unit that holds the dossier: the one its code names, or, when that unit has ended in a reorganisation,
    the one the dossier was carried to (its forwarding address; an ended unit still answers for what it kept)."""
    match = _CODE.match(code or "")
    if not match:
        return None
    agency = match["agency"]
    units = Unit.objects.filter(Q(organ_id=agency) | Q(code=agency))
    unit = (units.filter(status=UnitStatus.READY).first()
            or units.filter(status=UnitStatus.ARCHIVED, ended_on__isnull=False).first())
    if unit is not None and unit.ended_on is not None:
        unit = follow(reorganisation.KIND, code, unit)
    if unit is None or unit.status not in _ANSWERING:
        return None
    return unit if is_enabled(unit, "tracking") else None


def _find(code: str, phone: str, client: str, confirmation_code: str = "") -> tuple[Unit, object]:
    code = (code or "").strip()
    throttle.check(client, code)
    guarded = throttle.guarded(code, normalize_phone(phone))
    unit = _unit_of(code)
    dossier = None
    if unit is not None:
        with entered(unit):
            dossier = reads.dossier(code)
    given = normalize_phone(phone)
    filed = normalize_phone(dossier.applicant_phone) if dossier else ""
    right = dossier is not None and bool(given) and hmac.compare_digest(given, filed)
    if guarded:
        # One answer whatever the phone number, so a guess learns nothing; only the filed number receives a code.
        if right and confirmation.verify(code, confirmation_code or ""):
            return unit, dossier
        if not right:
            throttle.failed(client, code, given)
        elif not confirmation_code:
            confirmation.send(unit, dossier)
        raise _confirmation_required()
    if not right:
        throttle.failed(client, code, given)
        raise _not_found()
    return unit, dossier


def lookup(code: str, phone: str, *, client: str, confirmation_code: str = "") -> Tracking:
    """The citizen's view of a dossier; raises LookupRefused (NOT_FOUND, RATE_LIMITED or CONFIRMATION_REQUIRED)."""
    unit, dossier = _find(code, phone, client, confirmation_code)
    with entered(unit):
        events = [(event.action, event.actor_unit_code, event.at) for event in reads.dossier_events(dossier)]
        rating = Rating.objects.filter(dossier_code=dossier.code).values_list("score", flat=True).first()
    holder = unit
    if dossier.holder_unit_code and dossier.holder_unit_code != unit.code:
        holder = Unit.objects.filter(code=dossier.holder_unit_code).first() or unit
    return Tracking(
        code=dossier.code, procedure_name=dossier.procedure_name, status=dossier.status,
        status_label=str(Status(dossier.status).label), received_at=localtime(dossier.received_at),
        due_at=localtime(dossier.due_at), holder_unit_name=holder.name,
        steps=_steps(dossier, events),
        can_rate=dossier.status == Status.RETURNED and rating is None, rating=rating,
    )


def rate(code: str, phone: str, score: int, comment: str = "", *, client: str, confirmation_code: str = "") -> Rating:
    """Record the citizen's satisfaction once, after the result was returned."""
    unit, dossier = _find(code, phone, client, confirmation_code)
    if not 1 <= int(score) <= 5:
        raise LookupRefused("INVALID_SCORE", _("Mức hài lòng từ 1 đến 5."))
    if dossier.status != Status.RETURNED:
        raise LookupRefused("NOT_RETURNED", _("Chỉ đánh giá sau khi đã nhận kết quả."))
    with entered(unit):
        rating, created = Rating.objects.get_or_create(dossier_code=dossier.code,
                                                       defaults={"score": score, "comment": comment.strip()[:2000]})
    if not created:
        raise LookupRefused("ALREADY_RATED", _("Hồ sơ này đã được đánh giá."))
    return rating
