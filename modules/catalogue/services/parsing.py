"""Reading "cách thức thực hiện": the channels, their processing time and fees.

The national database often gives it as one flattened text ("Trực tiếp: 05 ngày làm việc; Lệ phí: 50.000 đồng ...
Trực tuyến: ..."), or the portal's table flattened with its cells glued (read by the tables module), sometimes as a
list of objects. What can be read is read; the text is always kept as it was.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from modules.catalogue.models import Channel, TimeUnit
from modules.catalogue.services import tables
from modules.catalogue.services.channels import HOURS_PER_DAY, ParsedChannel, channel_of, working_days
from modules.catalogue.services.text import as_text, clean, fold_key, maybe_json

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


def parse_days(text: str) -> Decimal | None:
    """Working days of a time text: "05 ngày làm việc" 5, "1/2 ngày" 0.5, "04 giờ" 0.5, "trong ngày" 1."""
    return parse_time(text)[2]


def parse_time(text: str) -> tuple[Decimal | None, str, Decimal | None]:
    """(value, TimeUnit, working days) of a free time text. A free text's "ngày" is read as working days (the
    usual meaning in the catalogue's prose); the portal's tables, read by the tables module, say which kind."""
    candidates = []
    for match in _TIME.finditer(text):
        if match["unit"].lower() == "giờ" and _CLOCK.search(text[:match.start()]):
            continue  # "sau 15 giờ" is a time of day
        candidates.append((match.start(), _number(match["num"]), match["unit"].lower()))
    same_day = _SAME_DAY.search(text)
    if same_day:
        candidates.append((same_day.start(), Decimal(1), "ngày"))
    if not candidates:
        return None, "", None
    _pos, number, unit = min(candidates, key=lambda c: c[0])
    if unit == "giờ":
        return number.quantize(Decimal("0.001")), TimeUnit.HOUR, (number / HOURS_PER_DAY).quantize(Decimal("0.001"))
    days = number.quantize(Decimal("0.001"))
    return days, TimeUnit.WORKING_DAY, days


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
    value, unit, days = parse_time(time_text) if time_text else (None, "", None)
    if value is None:
        value, unit, days = parse_time(text)
    parsed.time_value, parsed.time_unit, parsed.processing_days = value, unit, days
    parsed.fee_amount = parse_fee(fee_text) if fee_text else None
    if parsed.fee_amount is not None:
        parsed.fees = [{"amount": str(parsed.fee_amount), "currency": "VND", "text": fee_text}]
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
    if tables.is_ways_table(raw):
        channels, warnings = tables.parse_ways_table(raw)
        if not channels:
            warnings.append(_("Bảng cách thức thực hiện không có hàng nào đọc được; giữ nguyên văn."))
        return channels, raw, warnings
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
    if item.get("kenh") in Channel.values and "don_vi_thoi_han" in item:
        return _parse_exported(item)
    name, time_text, fee_text = _pick(item, _NAME_KEYS), _pick(item, _TIME_KEYS), _pick(item, _FEE_KEYS)
    body = "; ".join(t for t in (time_text, fee_text, _pick(item, _NOTE_KEYS)) if t)
    raw = f"{name}: {body}" if name else body
    parsed = parse_segment(channel_of(name), raw, time_text, fee_text)
    if channel_of(name) == Channel.OTHER:
        parsed.warnings.append(_("Không nhận ra hình thức nộp “%(name)s”.") % {"name": name})
    return parsed


def _parse_exported(item: dict) -> ParsedChannel:
    """A channel as `egov catalogue export` writes it: read back exactly as it was stored."""
    unit = item.get("don_vi_thoi_han") or ""
    value = item.get("thoi_han")
    warnings = []
    if unit not in TimeUnit.values and unit:
        warnings.append(_("Đơn vị thời hạn “%(unit)s” không hợp lệ.") % {"unit": str(unit)[:40]})
        unit = ""
    time_value = Decimal(str(value)).quantize(Decimal("0.001")) if value not in (None, "") and unit else None
    fees = [{"amount": str(f.get("so_tien", "")), "currency": str(f.get("don_vi_tien", "")),
             "text": as_text(f.get("nguyen_van"), " ")} for f in item.get("phi_le_phi") or [] if isinstance(f, dict)]
    return ParsedChannel(
        item["kenh"], processing_days=working_days(time_value, unit), fee_amount=item.get("phi_le_phi_dong"),
        fee_description=as_text(item.get("mo_ta_phi"), " "), raw_text=as_text(item.get("nguyen_van")),
        warnings=warnings, time_value=time_value, time_unit=unit, fees=fees, description=as_text(item.get("mo_ta")))
