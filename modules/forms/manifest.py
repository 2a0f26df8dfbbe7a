"""Online forms built from one shared data-field dictionary: the dictionary, its code lists and the form definitions
live in the public schema (shared by every unit); a published form compiles to one artefact run by the server and
the browser alike."""

from core.modules.manifest import ModuleManifest, NavEntry

MANIFEST = ModuleManifest(
    id="forms",
    app="modules.forms",
    name_vi="Biểu mẫu điện tử và từ điển dữ liệu",
    name_en="Online forms and data dictionary",
    version="0.1.0",
    core_compat=">=0.1,<1",
    shared=True,
    uses=("catalogue", "doctypes", "printing"),  # procedure names; document types as a code list; the filled PDF
    graphql_query="modules.forms.api.schema.Query",
    graphql_platform_query="modules.forms.api.schema.Query",
    graphql_mutation="modules.forms.api.builder.Mutation",  # the builder's actions (api/builder.py)
    graphql_platform_mutation="modules.forms.api.builder.Mutation",
    platform_urls="modules.forms.urls",
    urls="modules.forms.web.unit_urls",  # the form builder of a unit's administrator
    nav=(NavEntry("Xây dựng biểu mẫu", "/m/forms/xay-dung/", roles=("administrator",), order=60),),
)
