"""Versions of procedures: the one in force, one by id, and writing a new one when the content changed.

Other modules keep the id of the version a dossier began with (`get_version(id)` later) and look up the version in
force with `current_version(code)`. Versions are never changed or deleted.
"""

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
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


def _new_version(procedure, number, record, digest, sector, valid_from, source) -> ProcedureVersion:
    return ProcedureVersion(
        procedure=procedure, number=number, content_hash=digest, valid_from=valid_from,
        name=record.name, so_quyet_dinh=record.so_quyet_dinh, cap_thuc_hien=record.cap_thuc_hien,
        loai_thu_tuc=record.loai_thu_tuc, sector=sector, doi_tuong_thuc_hien=record.doi_tuong_thuc_hien,
        co_quan_thuc_hien=record.co_quan_thuc_hien, trinh_tu_thuc_hien=record.trinh_tu_thuc_hien,
        cach_thuc_raw=record.cach_thuc_raw, can_cu_phap_ly=record.can_cu_phap_ly,
        yeu_cau_dieu_kien=record.yeu_cau_dieu_kien, ket_qua_xu_ly=record.ket_qua_xu_ly,
        online_level=record.online_level, source=source or {},
    )


def _channels(version: ProcedureVersion, record: NormalizedRecord) -> list[SubmissionChannel]:
    return [SubmissionChannel(version=version, position=i, channel=c.channel, time_value=c.time_value,
                              time_unit=c.time_unit, processing_days=c.processing_days, fee_amount=c.fee_amount,
                              fees=c.fees, fee_description=c.fee_description, description=c.description,
                              raw_text=c.raw_text)
            for i, c in enumerate(record.channels)]


def _components(version: ProcedureVersion, record: NormalizedRecord) -> list[DossierComponent]:
    return [DossierComponent(version=version, position=i, case_name=c.case_name, name=c.name, originals=c.originals,
                             copies=c.copies, template=c.template)
            for i, c in enumerate(record.components)]


def _sectors(records: list[NormalizedRecord]) -> dict[str, Sector]:
    """The sectors these records name, created when missing (a code filled in when the file first gives one)."""
    wanted = {r.sector_name: r.sector_code for r in records if r.sector_name}
    found = {s.name: s for s in Sector.objects.filter(name__in=list(wanted))}
    Sector.objects.bulk_create([Sector(name=n, code=c) for n, c in wanted.items() if n not in found],
                               ignore_conflicts=True)
    found = {s.name: s for s in Sector.objects.filter(name__in=list(wanted))}
    coded = [s for n, s in found.items() if wanted[n] and not s.code]
    for sector in coded:
        sector.code = wanted[sector.name]
    Sector.objects.bulk_update(coded, ["code"])
    return found


@transaction.atomic
def store_many(items: list[tuple[NormalizedRecord, dict]], valid_from=None) -> list[str]:
    """store() for many records of distinct codes at once, in a few queries; returns each one's outcome."""
    valid_from = valid_from or timezone.now()
    codes = [record.code for record, _source in items]
    existing = {p.code: p for p in Procedure.objects.select_for_update(of=("self",))
                .select_related("current_version").filter(code__in=codes)}
    last = dict(ProcedureVersion.objects.filter(procedure__code__in=codes).values("procedure__code")
                .annotate(n=Max("number")).values_list("procedure__code", "n"))
    changed = [(r, s, r.content_hash()) for r, s in items]
    changed = [(r, s, d) for r, s, d in changed
               if not (r.code in existing and existing[r.code].current_version
                       and existing[r.code].current_version.content_hash == d)]
    sectors = _sectors([r for r, _s, _d in changed])
    new = [Procedure(code=r.code, name=r.name, sector=sectors.get(r.sector_name)) for r, _s, _d in changed
           if r.code not in existing]
    Procedure.objects.bulk_create(new)
    procedures = {**existing, **{p.code: p for p in new}}
    built = [(r, _new_version(procedures[r.code], last.get(r.code, 0) + 1, r, d, sectors.get(r.sector_name),
                              valid_from, s)) for r, s, d in changed]
    ProcedureVersion.objects.bulk_create([v for _r, v in built])
    SubmissionChannel.objects.bulk_create([c for r, v in built for c in _channels(v, r)])
    DossierComponent.objects.bulk_create([c for r, v in built for c in _components(v, r)])
    previous = [existing[r.code].current_version_id for r, _v in built
                if r.code in existing and existing[r.code].current_version_id]
    ProcedureVersion.objects.filter(pk__in=previous).update(valid_until=valid_from)
    # Each procedure points at the version just written, with its name and sector: one statement for the batch.
    written_version = ProcedureVersion.objects.filter(procedure=OuterRef("pk"), pk__in=[v.pk for _r, v in built])
    Procedure.objects.filter(pk__in=[v.procedure_id for _r, v in built]).update(
        current_version=Subquery(written_version.values("pk")[:1]), name=Subquery(written_version.values("name")[:1]),
        sector=Subquery(written_version.values("sector_id")[:1]), updated_at=timezone.now())
    written = {r.code for r, _v in built}
    return [(UPDATED if r.code in existing else CREATED) if r.code in written else UNCHANGED for r, _s in items]


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
    version = _new_version(procedure, last + 1, record, digest, sector, valid_from, source)
    version.save()
    SubmissionChannel.objects.bulk_create(_channels(version, record))
    DossierComponent.objects.bulk_create(_components(version, record))
    if current is not None:
        ProcedureVersion.objects.filter(pk=current.pk).update(valid_until=valid_from)
    procedure.current_version, procedure.name, procedure.sector = version, record.name, sector
    procedure.save(update_fields=["current_version", "name", "sector", "updated_at"])
    return outcome, version
