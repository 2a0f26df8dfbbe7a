"""A record of the national database (field names ma_thu_tuc, ten_thu_tuc, ...) -> one checked, normalised record.

The normalised content is what a version stores and what its hash is computed from: the same procedure exported twice,
with different spacing, key order or Unicode form, gives the same hash.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext as _

from modules.catalogue.models import Channel, OnlineLevel
from modules.catalogue.services import tables
from modules.catalogue.services.parsing import ParsedChannel, parse_ways
from modules.catalogue.services.text import as_list, as_steps, as_text, clean, fold_key, maybe_json

CODE_PATTERN = re.compile(r"^\d\.\d{6}$")

# Other spellings of the national field names (keys are compared without accents: "Mã thủ tục" is ma_thu_tuc).
ALIASES = {
    "ma": "ma_thu_tuc", "ma_tthc": "ma_thu_tuc", "ma_thu_tuc_hanh_chinh": "ma_thu_tuc",
    "ten": "ten_thu_tuc", "ten_tthc": "ten_thu_tuc", "ten_thu_tuc_hanh_chinh": "ten_thu_tuc",
    "quyet_dinh_cong_bo": "so_quyet_dinh", "so_quyet_dinh_cong_bo": "so_quyet_dinh",
    "cap": "cap_thuc_hien", "loai": "loai_thu_tuc", "linh_vuc_thuc_hien": "linh_vuc",
    "doi_tuong": "doi_tuong_thuc_hien", "co_quan": "co_quan_thuc_hien",
    "trinh_tu": "trinh_tu_thuc_hien", "cach_thuc": "cach_thuc_thuc_hien",
    "thanh_phan": "thanh_phan_ho_so", "ho_so": "thanh_phan_ho_so",
    "can_cu": "can_cu_phap_ly", "yeu_cau": "yeu_cau_dieu_kien", "yeu_cau_dieu_kien_thuc_hien": "yeu_cau_dieu_kien",
    "dieu_kien": "yeu_cau_dieu_kien", "ket_qua": "ket_qua_xu_ly", "ket_qua_thuc_hien": "ket_qua_xu_ly",
    "muc_do_dvc": "muc_do", "muc_do_truc_tuyen": "muc_do", "dich_vu_cong_truc_tuyen": "muc_do",
    "muc_do_dich_vu_cong": "muc_do",
}

_ONLINE_WORDS = [
    (OnlineLevel.FULL, ("toan_trinh", "full", "muc_do_4", "4")),
    (OnlineLevel.PARTIAL, ("mot_phan", "partial", "muc_do_3", "3")),
    (OnlineLevel.INFORMATION, ("thong_tin", "information", "muc_do_2", "muc_do_1", "2", "1")),
]


class InvalidRecord(ValueError):
    """The record cannot be imported (the reason is the message)."""


@dataclass
class Component:
    name: str
    originals: int = 0
    copies: int = 0
    template: str = ""
    case_name: str = ""


@dataclass
class NormalizedRecord:
    code: str
    name: str
    so_quyet_dinh: str = ""
    cap_thuc_hien: list[str] = field(default_factory=list)
    loai_thu_tuc: str = ""
    sector_name: str = ""
    sector_code: str = ""
    doi_tuong_thuc_hien: list[str] = field(default_factory=list)
    co_quan_thuc_hien: list[str] = field(default_factory=list)
    trinh_tu_thuc_hien: list[str] = field(default_factory=list)
    channels: list[ParsedChannel] = field(default_factory=list)
    cach_thuc_raw: str = ""
    components: list[Component] = field(default_factory=list)
    can_cu_phap_ly: list[str] = field(default_factory=list)
    yeu_cau_dieu_kien: str = ""
    ket_qua_xu_ly: str = ""
    online_level: str = OnlineLevel.INFORMATION
    warnings: list[str] = field(default_factory=list)

    def content(self) -> dict:
        # What dataclasses.asdict gives (the hashes of stored versions depend on it), without its deep copies.
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "warnings"}
        data["channels"] = [c.content() for c in self.channels]
        data["components"] = [dict(vars(c)) for c in self.components]
        return data

    def content_hash(self) -> str:
        text = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def fold_record(raw: dict) -> dict:
    folded = {}
    for key, value in raw.items():
        name = fold_key(key)
        folded.setdefault(ALIASES.get(name, name), value)
    return folded


def normalize_code(value, warnings: list[str]) -> str:
    if isinstance(value, float):  # a spreadsheet turned 1.000080 into the number 1.00008
        warnings.append(_("Mã thủ tục là số (%(value)s) trong tệp; đọc thành %(code)s.")
                        % {"value": value, "code": f"{value:.6f}"})
        return f"{value:.6f}"
    return clean(value).replace(" ", "")


def normalize_record(raw) -> NormalizedRecord:
    """Check and normalise one record; raises InvalidRecord (no code, malformed code, no name, not an object)."""
    if not isinstance(raw, dict):
        raise InvalidRecord(_("Bản ghi không phải một đối tượng (có các trường ma_thu_tuc, ten_thu_tuc, ...)."))
    data = fold_record(raw)
    warnings: list[str] = []
    code = normalize_code(data.get("ma_thu_tuc"), warnings)
    if not code:
        raise InvalidRecord(_("Thiếu mã thủ tục (ma_thu_tuc)."))
    if not CODE_PATTERN.match(code):
        raise InvalidRecord(_("Mã thủ tục “%(code)s” sai dạng (cần dạng 1.000080).") % {"code": code[:60]})
    name = as_text(data.get("ten_thu_tuc"), " ")
    if not name:
        raise InvalidRecord(_("Thiếu tên thủ tục (ten_thu_tuc)."))
    channels, cach_thuc_raw, channel_warnings = parse_ways(data.get("cach_thuc_thuc_hien"))
    if data.get("cach_thuc_thuc_hien_nguyen_van"):  # written by `egov catalogue export`: the text as first imported
        cach_thuc_raw = as_text(data["cach_thuc_thuc_hien_nguyen_van"])
    component_warnings: list[str] = []
    sector_name, sector_code = _sector(data.get("linh_vuc"))
    record = NormalizedRecord(
        code=code,
        name=name,
        so_quyet_dinh=as_text(data.get("so_quyet_dinh"), "; ")[:255],
        cap_thuc_hien=as_list(data.get("cap_thuc_hien"), "\n;,"),
        loai_thu_tuc=as_text(data.get("loai_thu_tuc"), "; ")[:255],
        sector_name=sector_name,
        sector_code=sector_code,
        doi_tuong_thuc_hien=as_list(data.get("doi_tuong_thuc_hien"), "\n;"),
        co_quan_thuc_hien=as_list(data.get("co_quan_thuc_hien"), "\n;"),
        trinh_tu_thuc_hien=as_steps(data.get("trinh_tu_thuc_hien")),
        channels=channels,
        cach_thuc_raw=cach_thuc_raw,
        components=_components(data.get("thanh_phan_ho_so"), warnings=component_warnings),
        can_cu_phap_ly=as_list(data.get("can_cu_phap_ly")),
        yeu_cau_dieu_kien=as_text(data.get("yeu_cau_dieu_kien")),
        ket_qua_xu_ly=as_text(data.get("ket_qua_xu_ly")),
        warnings=warnings + channel_warnings + component_warnings,
    )
    if not channels:
        record.warnings.append(_("Không có cách thức thực hiện; không kiểm tra được thời hạn giải quyết."))
    record.online_level = _online_level(data.get("muc_do"), channels, record.warnings)
    return record


def _sector(value) -> tuple[str, str]:
    value = maybe_json(value)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        item = {fold_key(k): v for k, v in value.items()}
        name = as_text(item.get("ten_linh_vuc") or item.get("ten") or item.get("name"), " ")
        return name[:255], as_text(item.get("ma_linh_vuc") or item.get("ma") or item.get("code"), "")[:40]
    return as_text(value, " ")[:255], ""


def _online_level(value, channels: list[ParsedChannel], warnings: list[str]) -> str:
    given = fold_key(as_text(value, " ")) if value not in (None, "") else ""
    for level, words in _ONLINE_WORDS:
        if given and any(given == w or (len(w) > 1 and w in given) for w in words):
            return level
    if given:
        warnings.append(_("Không hiểu mức độ trực tuyến “%(value)s”; suy ra từ cách thức thực hiện.")
                        % {"value": as_text(value, " ")[:60]})
    online = any(c.channel == Channel.ONLINE for c in channels)
    return OnlineLevel.PARTIAL if online else OnlineLevel.INFORMATION


_COUNT = {"originals": re.compile(r"bản\s+chính\D{0,6}(\d+)", re.IGNORECASE),
          "copies": re.compile(r"bản\s+sao\D{0,6}(\d+)", re.IGNORECASE)}
_NAME_KEYS = ("ten_giay_to", "ten_thanh_phan", "ten_thanh_phan_ho_so", "ten", "name", "giay_to")
_ORIGINAL_KEYS = ("so_ban_chinh", "ban_chinh", "originals")
_COPY_KEYS = ("so_ban_sao", "ban_sao", "copies")
_TEMPLATE_KEYS = ("mau_don", "mau_don_to_khai", "bieu_mau", "mau", "template")
_GROUP_KEYS = ("giay_to", "thanh_phan", "danh_sach", "items")
_CASE_KEYS = ("truong_hop", "ten_truong_hop", "case")


def _count(value) -> int:
    match = re.search(r"\d+", str(value or ""))
    return min(int(match.group()), 32767) if match else 0


def _first(item: dict, keys, default=None):
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return default


def _components(value, case_name: str = "", warnings: list[str] | None = None) -> list[Component]:
    value = maybe_json(value)
    if value is None or value == "":
        return []
    if isinstance(value, str) and tables.is_components_table(value):
        rows, problems = tables.parse_components_table(value)
        if warnings is not None:
            warnings.extend(problems)
        return [Component(name=name, originals=originals, copies=copies, template=template[:500], case_name=case)
                for case, name, template, originals, copies in rows]
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, dict):
            item = {fold_key(k): v for k, v in item.items()}
            group = _first(item, _GROUP_KEYS)
            if isinstance(group, list):  # a case ("trường hợp") with its own papers
                result.extend(_components(group, as_text(_first(item, _CASE_KEYS, case_name), " "), warnings))
                continue
            name = as_text(_first(item, _NAME_KEYS), " ")
            if name:
                result.append(Component(
                    name=name, originals=_count(_first(item, _ORIGINAL_KEYS)), copies=_count(_first(item, _COPY_KEYS)),
                    template=as_text(_first(item, _TEMPLATE_KEYS), "; ")[:500],
                    case_name=as_text(_first(item, _CASE_KEYS, case_name), " ")))
        else:
            for line in as_list(item):
                counts = {k: int(m.group(1)) if (m := rx.search(line)) else 0 for k, rx in _COUNT.items()}
                result.append(Component(name=line, case_name=case_name, **counts))
    return result
