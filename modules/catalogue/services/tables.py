"""The national portal's HTML tables as its exports give them: flattened into text with the cells glued together.

cach_thuc_thuc_hien: "Hình thức nộpThời gianPhí, lệ phíMô tả" then one row per channel: the channel ("Trực tiếp",
"Trực tuyến", "Dịch vụ bưu chính"), the time ("10 Ngày làm việc", "7 Ngày", "4 Giờ", "3 Tháng", a bare number or
"Không có thông tin"), the fees ("Miễn phí", "Phí : 50.000 Đồng (...)", "50,000 Việt Nam Đồng", "20 USD", "Không có
thông tin") and the description. thanh_phan_ho_so: "Tên giấy tờMẫu đơn, tờ khaiSố lượng" then rows of the paper's
name, its form file and "1 bản chính,1 bản sao"; one such table per case, the case's name before its header.

Every cell that cannot be read is reported (the record's warnings) and the row's text is kept: nothing is dropped.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from modules.catalogue.models import Channel, TimeUnit
from modules.catalogue.services.channels import ParsedChannel, channel_of, working_days
from modules.catalogue.services.text import clean, fold_key

UNKNOWN = "Không có thông tin"
_I = re.IGNORECASE

WAYS_HEADER = re.compile(r"Hình\s*thức\s*nộp\s*Thời\s*(?:gian|hạn)(?:\s*giải\s*quyết)?\s*Phí\s*,?\s*lệ\s*phí\s*Mô\s*tả",
                         _I)
_HEAD = r"(?P<head>Trực\s*tiếp|Trực\s*tuyến|(?:Qua\s*)?(?:Dịch\s*vụ\s*)?[Bb]ưu\s*chính(?:\s*công\s*ích)?)"
_TIME = (r"(?P<time>Không\s*có\s*thông\s*tin|(?P<num>\d+(?:[.,]\d+)?)\s*"
         r"(?P<unit>Ngày\s*làm\s*việc|Ngày|Giờ(?:\s*làm\s*việc)?|Tháng)?)")
_AMOUNT = r"\d[\d.,]*\s*(?:Việt\s*Nam\s*Đồng|Đồng|VNĐ|VND|USD|đ\b)"
_PAREN = r"(?:\s*\((?:[^()]|\([^()]*\))*\))?"
_FEE_ITEM = (rf"(?:Miễn\s*phí|Không\s*có\s*thông\s*tin|(?:(?:Phí\s*,\s*lệ\s*phí|Lệ\s*phí|Phí)\s*:?\s*)?"
             rf"(?:{_AMOUNT}|Miễn\s*phí|Không\s*có\s*thông\s*tin)){_PAREN}")
_FEES = rf"(?P<fees>{_FEE_ITEM}(?:[\s;,]*{_FEE_ITEM})*)"
ROW = re.compile(rf"{_HEAD}\s*{_TIME}\s*{_FEES}", _I)
FEE_ITEM = re.compile(_FEE_ITEM, _I)
AMOUNT = re.compile(r"(?P<num>\d[\d.,]*)\s*(?P<cur>Việt\s*Nam\s*Đồng|Đồng|VNĐ|VND|USD|đ\b)", _I)

_UNITS = {"ngaylamviec": TimeUnit.WORKING_DAY, "ngay": TimeUnit.DAY, "gio": TimeUnit.HOUR,
          "giolamviec": TimeUnit.HOUR, "thang": TimeUnit.MONTH}


def is_ways_table(text: str) -> bool:
    return bool(WAYS_HEADER.search(text))


def _number(text: str, currency: str = "") -> Decimal | None:
    """'50.000' / '50,000' -> 50000 (grouped thousands); '12.5' USD -> 12.5."""
    text = text.rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text) or re.fullmatch(r"\d+", text):
        return Decimal(re.sub(r"[.,]", "", text))
    if currency == "USD" or re.fullmatch(r"\d+[.,]\d{1,2}", text):
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return None
    return None


def parse_fees(text: str, label: str, warnings: list[str]) -> tuple[list[dict], int | None]:
    """The fee cell -> ([{"amount", "currency", "text"}], the first amount in đồng). Unknown is no fee, never 0."""
    fees = []
    for match in FEE_ITEM.finditer(text):
        item = clean(match.group())
        if re.match(r"Không\s*có\s*thông\s*tin", item, _I) or re.search(r":\s*Không\s*có\s*thông\s*tin", item, _I):
            continue
        amount = AMOUNT.search(item)
        if amount is None:  # "Miễn phí"
            fees.append({"amount": "0", "currency": "VND", "text": item})
            continue
        currency = "USD" if amount["cur"].upper() == "USD" else "VND"
        value = _number(amount["num"], currency)
        if value is None:
            warnings.append(_("Cách thức “%(channel)s”: không đọc được số tiền “%(text)s”; giữ nguyên văn.")
                            % {"channel": label, "text": item[:80]})
            continue
        fees.append({"amount": format(value.normalize(), "f"), "currency": currency, "text": item})
    first_vnd = next((int(Decimal(f["amount"])) for f in fees if f["currency"] == "VND"), None)
    return fees, first_vnd


def parse_ways_table(text: str) -> tuple[list[ParsedChannel], list[str]]:
    """A flattened channel table -> (one ParsedChannel per row, warnings of what could not be read)."""
    body = WAYS_HEADER.sub("\n", text)
    rows = list(ROW.finditer(body))
    warnings = []
    leading = body[:rows[0].start()] if rows else body
    if clean(leading):
        warnings.append(_("Cách thức thực hiện: không đọc được “%(text)s” (không thuộc hàng nào của bảng); "
                          "giữ nguyên văn.") % {"text": clean(leading)[:120]})
    channels = []
    for i, row in enumerate(rows):
        end = rows[i + 1].start() if i + 1 < len(rows) else len(body)
        channels.append(_row(row, clean(body[row.end():end]), clean(body[row.start():end]), warnings))
    return channels, warnings


def _row(row: re.Match, description: str, raw: str, warnings: list[str]) -> ParsedChannel:
    channel = channel_of(row["head"])
    label = Channel(channel).label
    parsed = ParsedChannel(channel, raw_text=raw, fee_description=clean(row["fees"]), description=description)
    own: list[str] = []
    if row["num"] is not None and row["unit"] is None and re.match(r"\d", row["fees"]):
        # "Trực tuyến1050.000 Đồng": where the bare time ends and the amount begins cannot be told.
        own.append(_("Cách thức “%(channel)s”: thời hạn và phí dính liền nhau (“%(text)s”); không tách được, "
                     "giữ nguyên văn.") % {"channel": label, "text": clean(row.group())[:80]})
        parsed.fee_description = ""
    else:
        if row["num"] is None:
            own.append(_("Cách thức “%(channel)s”: thời hạn giải quyết không có thông tin.") % {"channel": label})
        else:
            parsed.time_value = Decimal(row["num"].replace(",", ".")).quantize(Decimal("0.001"))
            if row["unit"] is None:
                parsed.time_unit = TimeUnit.WORKING_DAY
                own.append(_("Cách thức “%(channel)s”: thời hạn “%(value)s” không ghi đơn vị; đọc là ngày làm việc.")
                           % {"channel": label, "value": row["num"]})
            else:
                parsed.time_unit = _UNITS[fold_key(row["unit"]).replace("_", "")]
            parsed.processing_days = working_days(parsed.time_value, parsed.time_unit)
        parsed.fees, parsed.fee_amount = parse_fees(row["fees"], label, own)
        if not parsed.fees:
            own.append(_("Cách thức “%(channel)s”: phí, lệ phí không có thông tin (không coi là miễn phí).")
                       % {"channel": label})
    lost = _LOST_ROW.search(description)
    if lost:
        own.append(_("Cách thức “%(channel)s”: phần mô tả có một hàng không đọc được (“%(text)s”); giữ nguyên văn.")
                   % {"channel": label, "text": description[lost.start():lost.start() + 60]})
    parsed.warnings = own
    warnings.extend(own)
    return parsed


# A channel's name glued on both sides inside a description: a row whose time or fee cell was not understood.
_LOST_ROW = re.compile(r"(?<=\S)(?:Trực\s*tiếp|Trực\s*tuyến|Dịch\s*vụ\s*bưu\s*chính)(?=\S)")


# --- thanh_phan_ho_so -------------------------------------------------------------------------------------------

COMPONENTS_HEADER = re.compile(r"Tên\s*giấy\s*tờ\s*Mẫu\s*đơn\s*,?\s*tờ\s*khai\s*Số\s*lượng", _I)
_COUNT = re.compile(
    r"(?P<o>\d+)\s*[Bb]ản\s*chính\s*[,;]?\s*(?P<c>\d+)\s*[Bb]ản\s*sao"
    r"|[Bb]ản\s*chính\s*:\s*(?P<o2>\d+)\s*[,;]?\s*[Bb]ản\s*sao\s*:\s*(?P<c2>\d+)"
    r"|(?P<o3>\d+)\s*[Bb]ản\s*chính|(?P<c3>\d+)\s*[Bb]ản\s*sao")
_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar)$", _I)
_GLUE = re.compile(r"(?<=[a-zà-ỹđ0-9)\].])(?=[A-ZÀ-ỸĐ])")
_CASE_PREFIX = re.compile(r"^\s*(?:Bao\s*gồm\s*:?)\s*", _I)


def is_components_table(text: str) -> bool:
    return bool(COMPONENTS_HEADER.search(text))


def parse_components_table(text: str) -> tuple[list[tuple[str, str, str, int, int]], list[str]]:
    """Flattened component tables -> ([(case, name, form file, originals, copies)], warnings)."""
    pieces = COMPONENTS_HEADER.split(text)
    case = _case_name(pieces[0])
    result, warnings = [], []
    for index, piece in enumerate(pieces[1:], start=1):
        last_end = 0
        for count in _COUNT.finditer(piece):
            cell = piece[last_end:count.start()]
            last_end = count.end()
            originals, copies, name_tail = _counts(count, warnings, cell)
            cell = clean(cell + name_tail)
            if not cell:
                warnings.append(_("Thành phần hồ sơ: số lượng “%(count)s” không có tên giấy tờ.")
                                % {"count": count.group()})
                continue
            name, template = _name_and_form(cell, warnings)
            result.append((case, name, template, originals, copies))
        rest = clean(piece[last_end:])
        if index < len(pieces) - 1:
            case = _case_name(rest)
        elif rest:
            warnings.append(_("Thành phần hồ sơ: không đọc được “%(text)s” (không có số lượng bản); giữ nguyên văn "
                              "trong bản ghi gốc.") % {"text": rest[:120]})
    return result, warnings


def _case_name(text: str) -> str:
    return clean(_CASE_PREFIX.sub("", clean(text))).rstrip(":")


def _counts(count: re.Match, warnings: list[str], cell: str) -> tuple[int, int, str]:
    """(originals, copies, digits taken back into the name) of a count cell. A count glued to a name that ends in
    digits ("mẫu số 011 bản chính") is read as its last digit, and reported."""
    originals = count["o"] or count["o2"] or count["o3"] or "0"
    copies = count["c"] or count["c2"] or count["c3"] or "0"
    first = count["o"] or count["o3"] or count["c3"]
    tail = ""
    if first is not None and len(first) > 1:
        tail = first[:-1]
        warnings.append(_("Thành phần hồ sơ “%(name)s”: số bản “%(digits)s” dính vào tên; đọc là %(n)s.")
                        % {"name": clean(cell + tail)[:80], "digits": first, "n": first[-1]})
        if count["o"] or count["o3"]:
            originals = first[-1]
        else:
            copies = first[-1]
    return min(int(originals), 32767), min(int(copies), 32767), tail


def _name_and_form(cell: str, warnings: list[str]) -> tuple[str, str]:
    if not _FILE.search(cell):
        return cell, ""
    cuts = [m.start() for m in _GLUE.finditer(cell)]
    if cuts:
        cut = cuts[-1]
        return clean(cell[:cut]), clean(cell[cut:])
    token = cell.rsplit(" ", 1)
    if len(token) == 2:
        warnings.append(_("Thành phần hồ sơ “%(name)s”: không tách được tên giấy tờ và tệp mẫu; tệp mẫu đọc là "
                          "“%(file)s”.") % {"name": token[0][:80], "file": token[1]})
        return clean(token[0]), token[1]
    return cell, ""
