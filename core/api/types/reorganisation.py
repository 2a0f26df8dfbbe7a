"""Units over time and reorganisations as the API shows them (docs/ict/reorganisation.md): successions, the tree at a
date, recorded plans with their runs and steps, and the memberships carried into a unit."""

import graphene
from graphene.types.generic import GenericScalar

from core.api.connections import CountableConnection
from core.api.optimizer import prefetch, select
from tenants.models import RunStatus, StepAction, SuccessionKind

SuccessionKindEnum = graphene.Enum("SuccessionKind", [(c.name, c.value) for c in SuccessionKind],
                                   description="FULL: nhận toàn bộ; PARTIAL: nhận một phần. / Whole or in part.")
RunStatusEnum = graphene.Enum("ReorganisationRunStatus", [(c.name, c.value) for c in RunStatus],
                              description="Trạng thái lượt thực hiện. / A run's status.")
StepActionEnum = graphene.Enum("ReorganisationStepAction", [(c.name, c.value) for c in StepAction],
                               description="KEEP: tiếp tục với tên mới; CARRY: chuyển và chấm dứt. / Continue or end.")


class UnitLifespanType(graphene.ObjectType):
    class Meta:
        name = "UnitLifespan"
        description = "Mã, tên và thời gian tồn tại của một đơn vị. / A unit's code, name and life span."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    effective_from = graphene.Date()
    ended_on = graphene.Date()


class UnitSuccessionType(graphene.ObjectType):
    class Meta:
        name = "UnitSuccession"
        description = ("Một quan hệ kế thừa: đơn vị kế thừa nhận toàn bộ hoặc một phần đơn vị cũ từ ngày hiệu lực, theo "
                       "quyết định. / One edge of a reorganisation.")

    optimizations = {"predecessor": select("predecessor"), "successor": select("successor")}

    predecessor = graphene.Field(UnitLifespanType, required=True)
    successor = graphene.Field(UnitLifespanType, required=True)
    kind = graphene.Field(SuccessionKindEnum, required=True)
    share = graphene.Float(description="Tỷ lệ (0-1) kế hoạch giao, khi nhận một phần. / The part the plan gives.")
    effective_on = graphene.Date(required=True)
    decision = graphene.String(required=True)

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_share(root, info):
        return float(root.share) if root.share is not None else None


class UnitHistoryEntryType(graphene.ObjectType):
    class Meta:
        name = "UnitHistoryEntry"
        description = "Tên, loại, cấp trên trước đây của đơn vị, đến ngày valid_until. / What the unit was before."

    optimizations = {"kind_code": select("kind"), "parent_code": select("parent")}

    name = graphene.String(required=True)
    kind_code = graphene.String(required=True)
    parent_code = graphene.String()
    valid_until = graphene.Date(required=True, description="Ngày tên mới có hiệu lực (không kể). / Exclusive.")
    decision = graphene.String(required=True)

    @staticmethod
    def resolve_kind_code(root, info):
        return root.kind.code

    @staticmethod
    def resolve_parent_code(root, info):
        return root.parent.code if root.parent_id else None


class UnitAtDateType(graphene.ObjectType):
    class Meta:
        name = "UnitAtDate"
        description = "Một đơn vị của cây đơn vị tại một ngày, với tên và cấp trên khi đó. / A unit of the tree on a day."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    kind_code = graphene.String(required=True)
    parent_code = graphene.String()
    depth = graphene.Int(required=True, description="0: đơn vị hỏi; 1: ngay dưới nó. / 0: the unit asked for.")
    effective_from = graphene.Date()
    ended_on = graphene.Date()


class CarryLineType(graphene.ObjectType):
    class Meta:
        name = "ReorganisationLine"
        description = "Một dòng kết quả: loại bản ghi, số lượng, đơn vị nhận. / One line of a step's result."

    what = graphene.String(required=True)
    count = graphene.Int(required=True)
    successor_code = graphene.String(description="Null: ở lại lưu trữ của đơn vị cũ. / Null: stays in the archive.")
    needs_decision = graphene.Int(required=True, description="Số chờ người quyết định. / Waiting for a person.")
    details = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_what(root, info):
        return root.get("what", "")

    @staticmethod
    def resolve_count(root, info):
        return root.get("count", 0)

    @staticmethod
    def resolve_successor_code(root, info):
        return root.get("successor")

    @staticmethod
    def resolve_needs_decision(root, info):
        return root.get("needs_decision", 0)

    @staticmethod
    def resolve_details(root, info):
        return root.get("details") or []


class ReorganisationStepType(graphene.ObjectType):
    class Meta:
        name = "ReorganisationStep"
        description = "Một đơn vị cũ trong lượt thực hiện, làm trong một giao dịch. / One old unit of a run."

    optimizations = {"old_unit": select("old_unit")}

    old_unit = graphene.Field(UnitLifespanType, required=True)
    action = graphene.Field(StepActionEnum, required=True)
    done_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(CarryLineType), required=True)

    @staticmethod
    def resolve_action(root, info):
        return str(root.action)

    @staticmethod
    def resolve_lines(root, info):
        return root.lines or []


class ReorganisationRunType(graphene.ObjectType):
    class Meta:
        name = "ReorganisationRun"
        description = "Lượt thực hiện một kế hoạch; chạy lại cùng lệnh để tiếp tục. / Carrying a plan out, resumable."

    optimizations = {"steps": prefetch("steps"), "steps_total": prefetch("steps"), "steps_done": prefetch("steps")}

    status = graphene.Field(RunStatusEnum, required=True)
    started_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()
    attempts = graphene.Int(required=True)
    last_error = graphene.String(required=True)
    steps_total = graphene.Int(required=True)
    steps_done = graphene.Int(required=True)
    steps = graphene.List(graphene.NonNull(ReorganisationStepType), required=True,
                          pending=graphene.Boolean(description="Chỉ các bước chưa xong. / Only steps not done."))

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_steps_total(root, info):
        return len(root.steps.all())

    @staticmethod
    def resolve_steps_done(root, info):
        return sum(1 for step in root.steps.all() if step.done_at is not None)

    @staticmethod
    def resolve_steps(root, info, pending=None):
        steps = list(root.steps.all())
        return [s for s in steps if s.done_at is None] if pending else steps


class ReorganisationPlanType(graphene.ObjectType):
    class Meta:
        name = "ReorganisationPlan"
        description = "Kế hoạch sắp xếp đã thực hiện (hoặc đang thực hiện). / A recorded reorganisation plan."

    optimizations = {"run": select("run")}

    id = graphene.ID(required=True)
    key = graphene.String(required=True, description="Dấu kiểm của kế hoạch. / The plan's fingerprint.")
    source = graphene.String(required=True)
    effective_on = graphene.Date(required=True)
    decision = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    new_units = graphene.Int(required=True)
    old_units = graphene.Int(required=True)
    content = GenericScalar(required=True, description="{units: [{code, name, kind, parent_code, old_units}]}")
    run = graphene.Field(ReorganisationRunType)

    @staticmethod
    def resolve_new_units(root, info):
        return len(root.content.get("units", []))

    @staticmethod
    def resolve_old_units(root, info):
        return len({o["code"] for u in root.content.get("units", []) for o in u.get("old_units", [])})

    @staticmethod
    def resolve_run(root, info):
        return getattr(root, "run", None)


class ReorganisationPlanConnection(CountableConnection):
    class Meta:
        node = ReorganisationPlanType


class CarriedMembershipType(graphene.ObjectType):
    class Meta:
        name = "CarriedMembership"
        description = ("Tư cách thành viên chuyển từ đơn vị đã chấm dứt sang đơn vị kế thừa, chờ quản trị xác nhận (đã "
                       "có hiệu lực). / A membership carried into a successor, for its administrator to confirm.")

    id = graphene.ID(required=True)
    username = graphene.String(required=True)
    full_name = graphene.String(required=True)
    from_unit = graphene.Field(UnitLifespanType, required=True)
    to_unit = graphene.Field(UnitLifespanType, required=True)
    roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    moved_at = graphene.DateTime(required=True)
    confirmed_at = graphene.DateTime()
    confirmed_by = graphene.String(description="Tên đăng nhập người xác nhận. / Who confirmed.")

    @staticmethod
    def resolve_username(root, info):
        return root.user.username

    @staticmethod
    def resolve_full_name(root, info):
        return root.user.get_full_name()

    @staticmethod
    def resolve_confirmed_by(root, info):
        return root.confirmed_by.username if root.confirmed_by_id else None
