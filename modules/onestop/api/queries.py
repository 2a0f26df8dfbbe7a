"""The one-stop fields of the unit endpoint's Query: dossier lists and work queues, one dossier, the procedures."""

import graphene
from django.utils.translation import gettext as _

from core.api.connections import ListConnectionField
from core.api.errors import BAD_USER_INPUT, NOT_FOUND, ApiError
from core.api.optimizer import children, node_selections, optimize
from core.api.permissions import requires
from modules.onestop.api.enums import DossierQueueEnum, value_of
from modules.onestop.api.filters import DOSSIER_ORDER, DossierFilter
from modules.onestop.api.procedure_types import OnestopProcedureType
from modules.onestop.api.reorganisation import ReviewQuery
from modules.onestop.api.request_cache import load_units
from modules.onestop.api.types import DossierConnection, DossierType, ReceivableProcedureType
from modules.onestop.models import Dossier
from modules.onestop.services.counter import counter_procedures
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.listing import dossiers
from modules.onestop.services.receipt_points import receivable_procedures

_UNIT_FIELDS = {"holderUnit": "holder_unit_code", "originUnit": "origin_unit_code",
                "transferredFrom": "transferred_from", "competentUnit": "competent_unit_code"}


class DossierConnectionField(ListConnectionField):
    """A list of dossiers; the units its page names are fetched together, once."""

    def resolve_list(self, resolver, root, info, **kwargs):
        page = super().resolve_list(resolver, root, info, **kwargs)
        selected = children(node_selections(info), info)
        attributes = [attr for name, attr in _UNIT_FIELDS.items() if name in selected]
        if attributes and page.edges:
            load_units(info.context, {getattr(edge.node, attr) for edge in page.edges for attr in attributes})
        return page


class Query(ReviewQuery, graphene.ObjectType):
    onestop_dossiers = DossierConnectionField(
        DossierConnection, filter=DossierFilter, order_by=DOSSIER_ORDER,
        queue=graphene.Argument(DossierQueueEnum, description="Chỉ một hàng việc của người gọi. / Only one of the "
                                                              "caller's work queues."),
        step_role=graphene.String(description="Chỉ hồ sơ có bước hiện tại thuộc vai trò này (mã vai trò, ví dụ "
                                              "specialist). / Only dossiers whose current step is this role's (a "
                                              "role code, e.g. specialist)."),
        description="Hồ sơ của đơn vị, hoặc một hàng việc; mặc định hạn trả sớm nhất trước (quyền "
                    "onestop.view_dossier). / The unit's dossiers, or one work queue; most urgent first.")
    onestop_dossier = graphene.Field(DossierType, code=graphene.String(required=True),
                                     description="Một hồ sơ theo mã. / One dossier by its code.")
    onestop_procedures = graphene.List(
        graphene.NonNull(OnestopProcedureType), required=True,
        description="Thủ tục đơn vị tiếp nhận, quy trình và hình thức nộp (công khai). / The procedures the unit "
                    "handles, with its process and the channels offered (public).")

    onestop_receivable_procedures = graphene.List(
        graphene.NonNull(ReceivableProcedureType), required=True,
        description="Thủ tục của các đơn vị trong tỉnh (cấp trên và ngang cấp) mà điểm một cửa này được tiếp nhận hồ "
                    "sơ (quyền onestop.add_dossier). / The procedures of the province's units (above and beside) "
                    "this one-stop point may receive dossiers for.")

    @staticmethod
    @requires("onestop.add_dossier")
    def resolve_onestop_receivable_procedures(root, info):
        return receivable_procedures(info.context.unit)

    @staticmethod
    @requires("onestop.view_dossier")
    def resolve_onestop_dossiers(root, info, queue=None, step_role=None):
        try:
            return dossiers(info.context.user, value_of(queue), step_role=step_role)
        except OnestopError as refused:
            raise ApiError(BAD_USER_INPUT, refused.message, field="stepRole") from refused

    @staticmethod
    @requires("onestop.view_dossier")
    def resolve_onestop_dossier(root, info, code):
        selections = [node.selection_set for node in info.field_nodes]
        found = optimize(Dossier.objects.filter(code=code.strip()), info, DossierType, selections).first()
        if found is None:
            raise ApiError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": code})
        return found

    @staticmethod
    @requires(login_required=False)
    def resolve_onestop_procedures(root, info):
        return counter_procedures(info.context.unit)
