"""Units as the ICT department sees them: kind, status, provisioning."""

import graphene

from core.api.connections import CountableConnection, FilterInput, Ordering
from core.api.optimizer import prefetch, select
from core.api.types.reorganisation import UnitHistoryEntryType, UnitSuccessionType
from tenants.models import UnitStatus

UnitStatusEnum = graphene.Enum("UnitStatus", [(choice.name, choice.value) for choice in UnitStatus],
                               description="Trạng thái đơn vị. / A unit's status.")


class UnitKindType(graphene.ObjectType):
    class Meta:
        name = "UnitKind"

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    level = graphene.Int(required=True)


class UnitType(graphene.ObjectType):
    class Meta:
        name = "Unit"
        description = "Một đơn vị (sở, huyện, xã...): một schema riêng. / A unit: its own schema."

    optimizations = {"kind": select("kind"), "parent": select("parent"), "domains": prefetch("domains"),
                     "predecessors": prefetch("predecessions"), "successors": prefetch("successions"),
                     "history": prefetch("history")}

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    organ_id = graphene.String(required=True)
    kind = graphene.Field(UnitKindType, required=True)
    parent = graphene.Field(lambda: UnitType)
    status = graphene.Field(UnitStatusEnum, required=True)
    failure_reason = graphene.String(required=True)
    provisioned_method = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    ready_at = graphene.DateTime()
    domains = graphene.List(graphene.NonNull(graphene.String), required=True)
    server = graphene.String(description=(
        "Máy chủ cơ sở dữ liệu giữ schema của đơn vị: default (máy chủ chính) hoặc một bí danh trong "
        "EGOV_UNIT_DATABASES; null với người không xem được các đơn vị của nền tảng. / The database server holding "
        "the unit's schema (docs/ict/scale-out.md); null for those who may not see the platform's units."))
    # Units over time (docs/ict/reorganisation.md).
    effective_from = graphene.Date(description="Hiệu lực từ ngày; null: từ trước. / In force from (inclusive).")
    ended_on = graphene.Date(description="Chấm dứt từ ngày (lưu trữ chỉ đọc); null: còn hoạt động. / Ended on "
                                         "(exclusive: the day its successors took over).")
    predecessors = graphene.List(graphene.NonNull(UnitSuccessionType), required=True,
                                 description="Các đơn vị cũ mà đơn vị này kế thừa. / The units it took over.")
    successors = graphene.List(graphene.NonNull(UnitSuccessionType), required=True,
                               description="Các đơn vị kế thừa đơn vị này. / The units that took it over.")
    history = graphene.List(graphene.NonNull(UnitHistoryEntryType), required=True,
                            description="Tên, loại, cấp trên trước đây. / Its earlier names, kinds and parents.")

    @staticmethod
    def resolve_predecessors(root, info):
        return root.predecessions.all()  # UnitSuccession's ordering: date, then codes

    @staticmethod
    def resolve_successors(root, info):
        return root.successions.all()

    @staticmethod
    def resolve_history(root, info):
        return root.history.all()  # UnitHistory's ordering: valid_until

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)  # a UnitStatus member right after creation, a str once read back

    @staticmethod
    def resolve_server(root, info):
        # The installation's layout is the ICT department's: a unit's own members do not see it.
        return root.database if info.context.user.has_perm("tenants.view_unit") else None

    @staticmethod
    def resolve_domains(root, info):
        return [d.domain for d in root.domains.all()]


class UnitConnection(CountableConnection):
    class Meta:
        node = UnitType


class UnitFilter(FilterInput):
    search = graphene.String(description="Mã hoặc tên. / Code or name.")
    status = graphene.InputField(UnitStatusEnum)
    kind = graphene.String(description="Mã loại đơn vị. / Unit kind code.")
    parent_code = graphene.String()
    ended = graphene.Boolean(description="true: đã chấm dứt; false: còn hoạt động. / Ended or still in force.")
    existing_on = graphene.Date(description="Chỉ các đơn vị tồn tại ngày này. / Only units that existed that day.")
    server = graphene.String(description="Chỉ các đơn vị trên máy chủ cơ sở dữ liệu này. / Only units on this "
                                         "database server (default or an alias).")

    lookups = {"status": "status", "kind": "kind__code", "parent_code": "parent__code", "server": "database"}
    search_fields = ("code", "name")

    @classmethod
    def filter_queryset(cls, queryset, values):
        from tenants.services.units_over_time import existing_on

        status = values.get("status")
        if status is not None:
            values = {**values, "status": getattr(status, "value", status)}
        if values.get("ended") is not None:
            queryset = queryset.filter(ended_on__isnull=not values["ended"])
        if values.get("existing_on") is not None:
            queryset = existing_on(queryset, values["existing_on"])
        return super().filter_queryset(queryset, values)


UNIT_ORDER = Ordering("UnitOrder", {"CODE": "code", "NAME": "name", "CREATED_AT": "created_at", "STATUS": "status"},
                      default="CODE")


class ModuleType(graphene.ObjectType):
    class Meta:
        name = "Module"
        description = "Một mô-đun cài trên nền tảng. / A module installed on the platform."

    id = graphene.String(required=True)
    name_vi = graphene.String(required=True)
    name_en = graphene.String(required=True)
    version = graphene.String(required=True)
    depends = graphene.List(graphene.NonNull(graphene.String), required=True)
    shared = graphene.Boolean(required=True)


class UnitModuleType(graphene.ObjectType):
    class Meta:
        name = "UnitModule"
        description = "Một mô-đun và việc nó có bật ở đơn vị không. / A module and whether a unit enabled it."

    module = graphene.Field(ModuleType, required=True)
    enabled = graphene.Boolean(required=True)
