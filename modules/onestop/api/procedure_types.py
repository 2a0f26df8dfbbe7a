"""GraphQL types of the procedures the unit handles, as the counter needs them."""

import graphene
from graphene.utils.str_converters import to_snake_case

from modules.onestop.api.enums import DossierChannelEnum


class OnestopProcedureStepType(graphene.ObjectType):
    class Meta:
        name = "OnestopProcedureStep"
        description = "Một bước của quy trình đơn vị. / One step of the unit's process."

    position = graphene.Int(required=True)
    name = graphene.String(required=True)
    role_code = graphene.String(required=True)
    working_days = graphene.Float(required=True)
    handover_unit_code = graphene.String(required=True)
    handover_unit_kind = graphene.String(required=True)


class OnestopProcedureChannelType(graphene.ObjectType):
    class Meta:
        name = "OnestopProcedureChannel"
        description = "Một hình thức nộp thủ tục nhận, với thời hạn và phí. / A channel offered, its time and fee."

    channel = graphene.Field(DossierChannelEnum, required=True)
    processing_days = graphene.Float(description="Ngày làm việc, khi quy đổi được (trống: ngày theo lịch, tháng). / "
                                                 "Working days, when the time converts (null: calendar days, months).")
    time_value = graphene.Float(required=True, description="Thời hạn như danh mục ghi. / The time as stated.")
    time_unit = graphene.String(required=True, description="Đơn vị thời hạn: working_day, day (ngày theo lịch), "
                                                           "hour, month. / Its unit.")
    fee_amount = graphene.Float(description="Phí, lệ phí (đồng). / Fee in VND.")
    fee_description = graphene.String(required=True)


def _from_process(root, info):
    """Fields the unit's process holds (root is a services.counter.CounterProcedure)."""
    return getattr(root.process, to_snake_case(info.field_name))


class OnestopProcedureType(graphene.ObjectType):
    class Meta:
        name = "OnestopProcedure"
        description = "Một thủ tục đơn vị tiếp nhận, với quy trình của đơn vị. / A procedure the unit handles."

    code = graphene.String(required=True, resolver=_from_process)
    name = graphene.String(required=True, resolver=_from_process)
    version_id = graphene.ID(required=True, resolver=_from_process,
                             description="Phiên bản danh mục quy trình dựa trên. / The catalogue version the process "
                                         "was set up for.")
    outdated = graphene.Boolean(required=True, resolver=_from_process,
                                description="Danh mục đã có phiên bản mới. / The catalogue has a newer version.")
    total_days = graphene.Float(required=True, resolver=_from_process)
    steps = graphene.List(graphene.NonNull(OnestopProcedureStepType), required=True, resolver=_from_process)
    channels = graphene.List(graphene.NonNull(OnestopProcedureChannelType), required=True,
                             description="Hình thức nộp được nhận. / The channels offered.")
