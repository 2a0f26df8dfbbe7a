"""The portal's procedure catalogue for outside frontends: search by name or code (with or without tone marks),
sector and online level - a unit's procedures on its endpoint, the province's whole catalogue on the platform's. The
same service and the same per-client search limit as the portal's pages (services/catalogue.py, services/limits.py)."""

import graphene

from core.api.errors import ApiError
from core.client_address import client_address
from modules.portal.services import catalogue, limits
from modules.portal.services.errors import PortalError

PortalOnlineLevelEnum = graphene.Enum(
    "PortalOnlineLevel", [("FULL", "full"), ("PARTIAL", "partial"), ("INFORMATION", "information")],
    description="Mức dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP Điều 11). / Online service level (Decree 42/2022 "
                "Art. 11).")


class PortalProcedureType(graphene.ObjectType):
    class Meta:
        name = "PortalProcedure"
        description = "Một thủ tục trong danh mục của cổng. / A procedure of the portal's catalogue."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    sector = graphene.String(required=True)
    online_level = graphene.String(required=True, description="full, partial, information")
    online_level_label = graphene.String(required=True)


class PortalSectorType(graphene.ObjectType):
    class Meta:
        name = "PortalSector"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)


class PortalCatalogueType(graphene.ObjectType):
    class Meta:
        name = "PortalCatalogue"
        description = ("Thủ tục tìm được (tối đa 200, có dấu đúng trước) và các lĩnh vực để lọc. / The procedures found "
                       "(at most 200, those typed with their tones first) and the sectors to filter by.")

    total = graphene.Int(required=True, description="Số thủ tục khớp, trước giới hạn 200. / Matches before the cap.")
    procedures = graphene.List(graphene.NonNull(PortalProcedureType), required=True)
    sectors = graphene.List(graphene.NonNull(PortalSectorType), required=True)


class CatalogueQuery(graphene.ObjectType):
    portal_procedures = graphene.Field(
        PortalCatalogueType, required=True, search=graphene.String(), sector_id=graphene.Int(),
        level=graphene.Argument(PortalOnlineLevelEnum),
        description="Tìm thủ tục như trang danh mục của cổng (không cần đăng nhập; giới hạn số lần tìm theo địa chỉ): "
                    "của đơn vị trên điểm truy cập đơn vị, cả tỉnh trên nền tảng. / Search procedures as the portal's "
                    "catalogue page does (no sign-in; searches limited per client address): the unit's on its "
                    "endpoint, the whole province's on the platform's.")

    @staticmethod
    def resolve_portal_procedures(root, info, search="", sector_id=None, level=None):
        request = info.context
        level = getattr(level, "value", level) or ""
        text = (search or "")[:catalogue.MAX_QUERY_CHARS]
        try:
            if text or sector_id or level:
                limits.count(limits.SEARCHES, client_address(request))
        except PortalError as refused:
            raise ApiError(str(getattr(refused.code, "value", refused.code)), refused.message) from refused
        unit = getattr(request, "unit", None)
        codes = catalogue.unit_codes(unit) if unit is not None and unit.schema_name != "public" else None
        found = catalogue.search(text, sector=sector_id, level=level, codes=codes)
        return PortalCatalogueType(
            total=found.total, sectors=[PortalSectorType(id=pk, name=name) for pk, name in found.sectors],
            procedures=[PortalProcedureType(code=e.code, name=e.name, sector=e.sector, online_level=e.online_level,
                                            online_level_label=e.online_level_label) for e in found.entries])
