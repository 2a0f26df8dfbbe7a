"""Digital signatures on PDF (PAdES, Decree 30/2020/NĐ-CP Art. 5 and 21, Decree 23/2025/NĐ-CP): signing by the
person with signing authority then the agency's seal, with a timestamp; verification of every signed PDF that
enters a unit. A module (not kernel) because it carries models, roles and an API of its own; documents and
one-stop results call its services."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest

_VIEW = ("signatures.view_signedpdf", "signatures.view_verification")
_RECEIVE = (*_VIEW, "signatures.add_signedpdf")

MANIFEST = ModuleManifest(
    id="signatures",
    app="modules.signatures",
    name_vi="Chữ ký số",
    name_en="Digital signatures",
    version="0.1.0",
    core_compat=">=0.1,<1",
    # documents' signing step and its arrivals from other units, where documents is loaded (services/document_signing)
    uses=("documents",),
    roles=(
        RoleSpec("administrator", "Quản trị đơn vị", _VIEW),
        RoleSpec("clerk", "Văn thư", _RECEIVE),  # registers signed files received and checks them
        RoleSpec("specialist", "Chuyên viên xử lý", _RECEIVE),
        # Signing authority (thẩm quyền ký): the unit's leaders.
        RoleSpec("leader", "Lãnh đạo", (*_RECEIVE, "signatures.sign_pdf")),
    ),
    graphql_query="modules.signatures.api.queries.Query",
    graphql_mutation="modules.signatures.api.mutations.Mutation",
    hooks={"documents.document_changed": "modules.signatures.receivers.on_document_changed"},
)
