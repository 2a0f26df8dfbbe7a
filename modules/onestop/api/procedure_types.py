"""GraphQL types of the procedures the unit handles, as the counter needs them."""

import graphene

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
    processing_days = graphene.Float(required=True, description="Ngày làm việc. / Working days.")
    fee_amount = graphene.Float(description="Phí, lệ phí (đồng). / Fee in VND.")
    fee_description = graphene.String(required=True)


class OnestopProcedureType(graphene.ObjectType):
    class Meta:
        name = "OnestopProcedure"
        description = "Một thủ tục đơn vị tiếp nhận, với quy trình của đơn vị. / A procedure the unit handles."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    version_id = graphene.ID(required=True, description="Phiên bản danh mục quy trình dựa trên. / The catalogue "
                                                        "version the process was set up for.")
    outdated = graphene.Boolean(required=True, description="Danh mục đã có phiên bản mới. / The catalogue has a newer "
                                                           "version.")
    total_days = graphene.Float(required=True)
    steps = graphene.List(graphene.NonNull(OnestopProcedureStepType), required=True)
    channels = graphene.List(graphene.NonNull(OnestopProcedureChannelType), required=True,
                             description="Hình thức nộp được nhận. / The channels offered.")

    @staticmethod
    def resolve_code(root, info):
        return root.process.code

    @staticmethod
    def resolve_name(root, info):
        return root.process.name

    @staticmethod
    def resolve_version_id(root, info):
        return root.process.version_id

    @staticmethod
    def resolve_outdated(root, info):
        return root.process.outdated

    @staticmethod
    def resolve_total_days(root, info):
        return root.process.total_days

    @staticmethod
    def resolve_steps(root, info):
        return root.process.steps
