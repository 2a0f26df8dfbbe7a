"""The assignee or the one who gave the task closes it."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.worktasks.api.inputs import task_id
from modules.worktasks.api.types import WorkTaskType
from modules.worktasks.services import close


class CloseWorkTask(BaseMutation):
    """Kết thúc công việc với kết quả; sau đó công việc không thể thay đổi. / Close a task with its result."""

    permissions = ("worktasks.view_task",)

    class Arguments:
        id = graphene.ID(required=True)
        result = graphene.String()

    task = graphene.Field(WorkTaskType)

    @classmethod
    def clean_input(cls, info, id, result=None):
        return {"task": task_id(id), "result": result or ""}

    @classmethod
    def perform(cls, info, task, result):
        return cls(task=close(task, actor=info.context.user, result=result))
