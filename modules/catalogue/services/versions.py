"""Versions of procedures: the one in force, one by id, and writing a new one when the content changed.

Other modules keep the id of the version a dossier began with (`get_version(id)` later) and look up the version in
force with `current_version(code)`. Versions are never changed or deleted.
"""

from django.db import transaction
from django.utils import timezone

from modules.catalogue.models import DossierComponent, Procedure, ProcedureVersion, Sector, SubmissionChannel
from modules.catalogue.services.normalize import NormalizedRecord

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _versions():
    return ProcedureVersion.objects.select_related("procedure", "sector").prefetch_related("channels", "components")


def current_version(code: str) -> ProcedureVersion | None:
    """The version in force of the procedure with this code, or None when the catalogue has no such procedure."""
    version_id = Procedure.objects.filter(code=code).values_list("current_version_id", flat=True).first()
    return get_version(version_id) if version_id else None


def get_version(version_id: int) -> ProcedureVersion | None:
    """One version by id (a dossier's), with its channels and dossier components; None when there is none."""
    return _versions().filter(pk=version_id).first()


def get_versions(version_ids) -> dict[int, ProcedureVersion]:
    """Several versions by id at once (with their channels and dossier components), keyed by id."""
    return {v.pk: v for v in _versions().filter(pk__in=list(version_ids))}


def procedures(sector: str | None = None):
    """Procedures of the catalogue with their current version, for listing."""
    qs = Procedure.objects.select_related("sector", "current_version").order_by("code")
    return qs.filter(sector__name=sector) if sector else qs


def _sector(record: NormalizedRecord) -> Sector | None:
    if not record.sector_name:
        return None
    sector, created = Sector.objects.get_or_create(name=record.sector_name,
                                                   defaults={"code": record.sector_code})
    if not created and record.sector_code and not sector.code:
        sector.code = record.sector_code
        sector.save(update_fields=["code"])
    return sector


@transaction.atomic
def store(record: NormalizedRecord, source: dict | None = None, valid_from=None) -> tuple[str, ProcedureVersion]:
    """Write the record as the procedure's new current version unless its content is the current one's.

    Returns (CREATED | UPDATED | UNCHANGED, the current version).
    """
    digest = record.content_hash()
    procedure = Procedure.objects.select_for_update().filter(code=record.code).first()
    current = procedure.current_version if procedure else None
    if current is not None and current.content_hash == digest:
        return UNCHANGED, current
    valid_from = valid_from or timezone.now()
    sector = _sector(record)
    outcome = UPDATED if procedure else CREATED
    if procedure is None:
        procedure = Procedure.objects.create(code=record.code, name=record.name, sector=sector)
    last = procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=last + 1, content_hash=digest, valid_from=valid_from,
        name=record.name, so_quyet_dinh=record.so_quyet_dinh, cap_thuc_hien=record.cap_thuc_hien,
        loai_thu_tuc=record.loai_thu_tuc, sector=sector, doi_tuong_thuc_hien=record.doi_tuong_thuc_hien,
        co_quan_thuc_hien=record.co_quan_thuc_hien, trinh_tu_thuc_hien=record.trinh_tu_thuc_hien,
        cach_thuc_raw=record.cach_thuc_raw, can_cu_phap_ly=record.can_cu_phap_ly,
        yeu_cau_dieu_kien=record.yeu_cau_dieu_kien, ket_qua_xu_ly=record.ket_qua_xu_ly,
        online_level=record.online_level, source=source or {},
    )
    SubmissionChannel.objects.bulk_create([
        SubmissionChannel(version=version, position=i, channel=c.channel, time_value=c.time_value,
                          time_unit=c.time_unit, processing_days=c.processing_days, fee_amount=c.fee_amount,
                          fees=c.fees, fee_description=c.fee_description, description=c.description,
                          raw_text=c.raw_text)
        for i, c in enumerate(record.channels)
    ])
    DossierComponent.objects.bulk_create([
        DossierComponent(version=version, position=i, case_name=c.case_name, name=c.name, originals=c.originals,
                         copies=c.copies, template=c.template)
        for i, c in enumerate(record.components)
    ])
    if current is not None:
        ProcedureVersion.objects.filter(pk=current.pk).update(valid_until=valid_from)
    procedure.current_version, procedure.name, procedure.sector = version, record.name, sector
    procedure.save(update_fields=["current_version", "name", "sector", "updated_at"])
    return outcome, version
