"""`egov catalogue export`: what the catalogue stores, written back in the national database's field names.

Channels are objects (kenh, thoi_han, don_vi_thoi_han, thoi_han_ngay_lam_viec when the time converts to working days,
phi_le_phi_dong, phi_le_phi, mo_ta) and components carry their case and counts. The import reads this shape back to
the same stored content (the original texts travel in the *nguyen_van fields), so export -> import changes nothing.
"""

from django.db.models import F

from modules.catalogue.models import ProcedureVersion
from modules.catalogue.services.channels import decimal_text


def _channel(row) -> dict:
    data = {"kenh": row.channel, "thoi_han": decimal_text(row.time_value), "don_vi_thoi_han": row.time_unit}
    if row.processing_days is not None:
        data["thoi_han_ngay_lam_viec"] = decimal_text(row.processing_days)
    data.update({
        "phi_le_phi_dong": row.fee_amount,
        "phi_le_phi": [{"so_tien": f.get("amount"), "don_vi_tien": f.get("currency"), "nguyen_van": f.get("text", "")}
                       for f in row.fees],
        "mo_ta_phi": row.fee_description,
        "mo_ta": row.description,
        "nguyen_van": row.raw_text,
    })
    return data


def _record(version: ProcedureVersion) -> dict:
    sector = version.sector
    return {
        "ma_thu_tuc": version.procedure.code,
        "ten_thu_tuc": version.name,
        "so_quyet_dinh": version.so_quyet_dinh,
        "cap_thuc_hien": version.cap_thuc_hien,
        "loai_thu_tuc": version.loai_thu_tuc,
        "linh_vuc": {"ma_linh_vuc": sector.code, "ten_linh_vuc": sector.name} if sector else "",
        "doi_tuong_thuc_hien": version.doi_tuong_thuc_hien,
        "co_quan_thuc_hien": version.co_quan_thuc_hien,
        "trinh_tu_thuc_hien": version.trinh_tu_thuc_hien,
        "cach_thuc_thuc_hien": [_channel(c) for c in version.channels.all()],
        "cach_thuc_thuc_hien_nguyen_van": version.cach_thuc_raw,
        "thanh_phan_ho_so": [{"truong_hop": c.case_name, "ten_giay_to": c.name, "mau_don": c.template,
                              "so_ban_chinh": c.originals, "so_ban_sao": c.copies} for c in version.components.all()],
        "can_cu_phap_ly": version.can_cu_phap_ly,
        "yeu_cau_dieu_kien": version.yeu_cau_dieu_kien,
        "ket_qua_xu_ly": version.ket_qua_xu_ly,
        "muc_do": version.online_level,
    }


def export_records() -> list[dict]:
    """Every procedure's version in force, by code, in the national field names."""
    versions = (ProcedureVersion.objects.filter(procedure__current_version=F("pk"))
                .select_related("procedure", "sector").prefetch_related("channels", "components")
                .order_by("procedure__code"))
    return [_record(v) for v in versions]
