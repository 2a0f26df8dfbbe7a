"""GraphQL of a dossier filed on the national public service portal: its id there and the trace of what was sent back."""

import graphene


class NationalPortalUpdateType(graphene.ObjectType):
    class Meta:
        name = "NationalPortalUpdate"
        description = "Một cập nhật trạng thái gửi Cổng DVC quốc gia. / A status update sent to the national portal."

    action = graphene.String(required=True)
    status = graphene.String(required=True)
    at = graphene.DateTime(required=True)
    with_result = graphene.Boolean(required=True, description="Kèm kết quả đã số hóa. / Carries the result.")
    attempts = graphene.Int(required=True)
    sent_at = graphene.DateTime(description="Null: chưa gửi được. / Null: not sent yet.")
    next_attempt_at = graphene.DateTime(required=True)
    last_error = graphene.String(required=True)

    @staticmethod
    def resolve_with_result(root, info):
        return bool(root.result_sha256)


class NationalPortalLinkType(graphene.ObjectType):
    class Meta:
        name = "NationalPortalLink"
        description = ("Hồ sơ nộp trên Cổng Dịch vụ công quốc gia: mã ở đó, số lần cổng gửi, các cập nhật gửi lại. / "
                       "A dossier filed on the national portal: its id there, deliveries, the updates sent back.")

    national_id = graphene.String(required=True)
    received_at = graphene.DateTime(required=True)
    deliveries = graphene.Int(required=True, description="Số lần cổng gửi (một hồ sơ). / Times delivered.")
    updates = graphene.List(graphene.NonNull(NationalPortalUpdateType), required=True)

    @staticmethod
    def resolve_updates(root, info):
        return root.updates.order_by("id")
