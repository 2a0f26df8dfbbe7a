"""Reading "cách thức thực hiện": the channels, their processing time (working days) and fees.

The national database often gives it as one flattened text ("Trực tiếp: 05 ngày làm việc; Lệ phí: 50.000 đồng ...
Trực tuyến: ..."), sometimes as a list of objects. What can be read is read; the text is always kept as it was.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from modules.catalogue.models import Channel
from modules.catalogue.services.text import as_text, clean, fold_key, maybe_json

HOURS_PER_DAY = Decimal(8)

_CHANNEL_HEAD = re.compile(
    r"(?P<head>trực\s+tiếp|trực\s+tuyến|(?:(?:nộp\s+)?qua\s+|gửi\s+qua\s+|dịch\s+vụ\s+)?(?:dịch\s+vụ\s+)?bưu\s+chính"
    r"(?:\s+công\s+ích)?)(?P<colon>\s*:)?",
    re.IGNORECASE,
)
_SEPARATORS = ";.\n•+-–—*"
_JOINED = re.compile(r"^[\s,/]*(?:và|hoặc)?[\s,/]*$", re.IGNORECASE)
_TIME = re.compile(r"(?<![\d/.,])(?P<num>\d+\s*/\s*\d+|\d+(?:[.,]\d+)?)\s*(?P<unit>ngày|giờ)", re.IGNORECASE)
_SAME_DAY = re.compile(r"\btrong\s+(?:cùng\s+)?ngày\b", re.IGNORECASE)
_CLOCK = re.compile(r"(?:sau|trước|lúc|từ|đến|tới)\s*$", re.IGNORECASE)
_FEE_START = re.compile(r"(?:miễn\s+)?(?:lệ\s*phí|\bphí\b)|không\s+thu", re.IGNORECASE)
_FREE = re.compile(r"miễn\s+(?:lệ\s+)?phí|miễn\s+thu|không\s+(?:thu|có|mất)\s+(?:lệ\s+)?phí|^\s*(?:không|miễn|0)\b",
                   re.IGNORECASE)
_FEE_LABEL = re.compile(r"^\s*(?:phí\s*,\s*)?(?:lệ\s*phí|phí)\s*:?\s*", re.IGNORECASE)
_AMOUNT = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|vnđ|vnd|đ\b)", re.IGNORECASE)


@dataclass
class ParsedChannel:
    channel: str
    processing_days: Decimal | None = None
    fee_amount: int | None = None
    fee_description: str = ""
    raw_text: str = ""
    warnings: list[str] = field(default_factory=list)

    def content(self) -> dict:
        days = None if self.processing_days is None else format(self.processing_days.normalize(), "f")
        return {"channel": str(self.channel), "processing_days": days, "fee_amount": self.fee_amount,
                "fee_description": self.fee_description, "raw_text": self.raw_text}


def channel_of(name: str) -> str:
    folded = fold_key(name)
    if "tiep" in folded or folded == "counter":
        return Channel.COUNTER
    if "tuyen" in folded or folded == "online":
        return Channel.ONLINE
    if "buu" in folded or folded == "post":
        return Channel.POST
    return Channel.OTHER


def parse_days(text: str) -> Decimal | None:
    """Working days of a time text: "05 ngày làm việc" 5, "1/2 ngày" 0.5, "04 giờ" 0.5, "trong ngày" 1."""
    candidates = []
    for match in _TIME.finditer(text):
        if match["unit"].lower() == "giờ" and _CLOCK.search(text[:match.start()]):
            continue  # "sau 15 giờ" is a time of day
        candidates.append((match.start(), _number(match["num"]), match["unit"].lower()))
    same_day = _SAME_DAY.search(text)
    if same_day:
        candidates.append((same_day.start(), Decimal(1), "ngày"))
    if not candidates:
        return None
    _pos, number, unit = min(candidates, key=lambda c: c[0])
    days = number / HOURS_PER_DAY if unit == "giờ" else number
    return days.quantize(Decimal("0.001"))


def _number(text: str) -> Decimal:
    if "/" in text:
        top, bottom = (Decimal(part.strip()) for part in text.split("/"))
        return top / bottom if bottom else Decimal(0)
    return Decimal(text.replace(",", "."))


def parse_fee(text: str) -> int | None:
    """Fee in VND of a fee text: "Miễn phí" 0, "50.000 đồng/hồ sơ" 50000; None when none can be read."""
    text = _FEE_LABEL.sub("", text)
    amounts = list(_AMOUNT.finditer(text))
    free = _FREE.search(text)
    if free and (not amounts or free.start() < amounts[0].start()):
        return 0
    if amounts:
        return int(re.sub(r"[.,]", "", amounts[0]["num"]))
    return None


def parse_segment(channel: str, text: str, time_text: str | None = None, fee_text: str | None = None) -> ParsedChannel:
    """One channel's text (or its separate time and fee texts) read into a ParsedChannel, with warnings."""
    text = clean(text)
    if time_text is None and fee_text is None:
        fee_start = _FEE_START.search(text)
        time_text = text[:fee_start.start()] if fee_start else text
        fee_text = text[fee_start.start():] if fee_start else ""
    time_text, fee_text = clean(time_text), clean(fee_text).strip(" ;.")
    parsed = ParsedChannel(channel, raw_text=text, fee_description=fee_text)
    parsed.processing_days = parse_days(time_text) if time_text else None
    if parsed.processing_days is None:
        parsed.processing_days = parse_days(text)
    parsed.fee_amount = parse_fee(fee_text) if fee_text else None
    label = Channel(channel).label
    if parsed.processing_days is None:
        parsed.warnings.append(_("Cách thức “%(channel)s”: không đọc được thời hạn giải quyết; giữ nguyên văn.")
                               % {"channel": label})
    if fee_text and parsed.fee_amount is None:
        parsed.warnings.append(_("Cách thức “%(channel)s”: không đọc được mức phí, lệ phí; giữ nguyên văn.")
                               % {"channel": label})
    return parsed


def split_channels(text: str) -> tuple[list[tuple[str, str]], str]:
    """Flattened text -> [(channel, its text)], and the text before the first channel heading."""
    heads = []
    last_end = None
    for match in _CHANNEL_HEAD.finditer(text):
        before = text[:match.start()].rstrip(" \t")
        accepted = (
            match["colon"] or not before or before[-1] in _SEPARATORS
            or (last_end is not None and _JOINED.match(text[last_end:match.start()]))
        )
        if accepted:
            heads.append(match)
            last_end = match.end()
    if not heads:
        return [], text
    parts = []
    pending: list[str] = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[head.end():end].strip(" \t\n;,.:-–")
        pending.append(channel_of(head["head"]))
        if not body or _JOINED.match(body):
            continue  # "Trực tiếp, trực tuyến: 05 ngày" - both channels share the text that follows
        parts.extend((channel, body) for channel in pending)
        pending = []
    parts.extend((channel, "") for channel in pending)
    return parts, text[:heads[0].start()]


def parse_ways(value) -> tuple[list[ParsedChannel], str, list[str]]:
    """cach_thuc_thuc_hien as given -> (channels, the original text kept on the version, warnings)."""
    value = maybe_json(value)
    if value is None or value == "" or value == []:
        return [], "", []
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        channels = [_parse_object(item) for item in value]
        return channels, as_text(value), [w for c in channels for w in c.warnings]
    raw = as_text(value)
    parts, leading = split_channels(raw)
    warnings = []
    if not parts:
        parsed = parse_segment(Channel.OTHER, raw)
        warnings.append(_("Cách thức thực hiện không nêu hình thức nộp (trực tiếp, trực tuyến, bưu chính)."))
        return [parsed], raw, warnings + parsed.warnings
    if leading.strip(" \t\n;,.:-"):
        warnings.append(_("Phần đầu cách thức thực hiện không thuộc hình thức nộp nào: “%(text)s”; giữ nguyên văn.")
                        % {"text": clean(leading)[:120]})
    channels = [parse_segment(channel, body) for channel, body in parts]
    return channels, raw, warnings + [w for c in channels for w in c.warnings]


_NAME_KEYS = ("hinh_thuc", "hinh_thuc_nop", "kenh", "cach_thuc", "channel", "ten")
_TIME_KEYS = ("thoi_han", "thoi_han_giai_quyet", "thoi_gian", "thoi_gian_giai_quyet", "processing_time")
_FEE_KEYS = ("phi_le_phi", "le_phi", "phi", "fee")
_NOTE_KEYS = ("mo_ta", "ghi_chu", "description")


def _pick(item: dict, keys) -> str:
    for key in keys:
        if item.get(key) not in (None, ""):
            return as_text(item[key], "; ")
    return ""


def _parse_object(item: dict) -> ParsedChannel:
    item = {fold_key(k): v for k, v in item.items()}
    name, time_text, fee_text = _pick(item, _NAME_KEYS), _pick(item, _TIME_KEYS), _pick(item, _FEE_KEYS)
    body = "; ".join(t for t in (time_text, fee_text, _pick(item, _NOTE_KEYS)) if t)
    raw = f"{name}: {body}" if name else body
    parsed = parse_segment(channel_of(name), raw, time_text, fee_text)
    if channel_of(name) == Channel.OTHER:
        parsed.warnings.append(_("Không nhận ra hình thức nộp “%(name)s”.") % {"name": name})
    return parsed
