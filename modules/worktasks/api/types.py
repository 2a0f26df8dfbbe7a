"""GraphQL types of work tasks: the task with co-workers and reports, and the late counts."""

import graphene

from core.api.connections import CountableConnection
from core.api.optimizer import prefetch


class WorkTaskStatusEnum(graphene.Enum):
    class Meta:
        name = "WorkTaskStatus"
        description = "Đang thực hiện, đã hoàn thành. / Open, done."

    OPEN = "open"
    DONE = "done"


class WorkTaskReportType(graphene.ObjectType):
    class Meta:
        name = "WorkTaskReport"
        description = "Một báo cáo tiến độ. / A progress report."

    author_id = graphene.ID()
    body = graphene.String(required=True)
    progress = graphene.Int(required=True)
    at = graphene.DateTime(required=True)


class WorkTaskType(graphene.ObjectType):
    class Meta:
        name = "WorkTask"
        description = "Một công việc được giao. / A task."

    optimizations = {"coworker_ids": prefetch("coworkers"), "reports": prefetch("reports")}

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    document_id = graphene.ID(description="Văn bản giao việc. / The document the task comes from.")
    assigned_by_id = graphene.ID()
    assignee_id = graphene.ID(required=True)
    coworker_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
    department = graphene.String(required=True)
    days = graphene.Int(description="Số ngày làm việc. / Working days.")
    assigned_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime()
    status = graphene.Field(WorkTaskStatusEnum, required=True)
    progress = graphene.Int(required=True)
    result = graphene.String(required=True)
    closed_at = graphene.DateTime()
    reports = graphene.List(graphene.NonNull(WorkTaskReportType), required=True)

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_coworker_ids(root, info):
        return [c.person_id for c in root.coworkers.all()]

    @staticmethod
    def resolve_reports(root, info):
        return root.reports.all()


class WorkTaskConnection(CountableConnection):
    class Meta:
        node = WorkTaskType


class LateCountType(graphene.ObjectType):
    class Meta:
        name = "WorkTaskLateCount"
        description = "Số việc quá hạn của một người hay một phòng. / Late tasks of a person or a department."

    key = graphene.String(required=True, description="Mã người hoặc tên phòng. / Person id or department name.")
    count = graphene.Int(required=True)
    oldest_due_at = graphene.DateTime(required=True)


class LateViewType(graphene.ObjectType):
    class Meta:
        name = "WorkTasksLate"
        description = "Việc quá hạn theo người và theo phòng. / Late work per person and per department."

    by_person = graphene.List(graphene.NonNull(LateCountType), required=True)
    by_department = graphene.List(graphene.NonNull(LateCountType), required=True)
