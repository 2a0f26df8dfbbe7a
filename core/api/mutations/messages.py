"""Sending the unit's failed messages to other units again (the workspace's failed-messages page)."""

import uuid

import graphene

from core.api.mutations.base import BaseMutation


class RetryFailedMessages(BaseMutation):
    """Gửi lại các thư liên thông lỗi đã chọn (trừ thư người gửi đã lấy lại). / Send the chosen failed messages
    again (not those the sender took back)."""

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    retried = graphene.Int(description="Số thư được gửi lại. / How many were queued again.")

    @classmethod
    def perform(cls, info, ids):
        from core.api.queries.administration import check_follows_messages
        from tenants.messaging.services import retry_failed

        check_follows_messages(info)
        return cls(retried=retry_failed([i for i in ids if _is_uuid(i)]))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
