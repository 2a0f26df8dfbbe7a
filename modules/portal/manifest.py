"""The citizen portal: a unit's procedures with search, each procedure's page, online submission with files and its
receipt; the province's portal (the whole catalogue, the units that take online dossiers) on the platform host."""

from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec


def _megabytes(value: int) -> None:
    if not 1 <= value <= 50:
        raise ValueError("from 1 to 50")


MANIFEST = ModuleManifest(
    id="portal",
    app="modules.portal",
    name_vi="Cổng dịch vụ công",
    name_en="Citizen portal",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    # the look-up address on the receipt; the file types documents accept (sniffed); online forms (modules/forms);
    # the confirmation of the applicant's phone or e-mail on the receipt (modules/notices)
    uses=("tracking", "documents", "forms", "notices"),
    urls="modules.portal.web.unit_urls",  # its root patterns (public_urlpatterns) answer at the unit's "/"
    graphql_query="modules.portal.api.schema.Query",  # the citizen's drafts and form submissions
    graphql_mutation="modules.portal.api.schema.Mutation",
    graphql_platform_query="modules.portal.api.catalogue.CatalogueQuery",  # the province's catalogue
    hooks={"onestop.dossier_moved": "modules.portal.reorganisation.on_dossier_moved"},  # files follow the dossier
    platform_urls="modules.portal.web.platform_urls",  # the province's portal at the platform's "/"
    nav=(NavEntry("Tệp nộp trực tuyến", "/m/portal/tep/", roles=("receiving_officer", "specialist", "leader",
                                                                   "result_officer", "administrator"), order=30),),
    settings=(
        SettingSpec("max_file_mb", 10, "Dung lượng tối đa của một tệp đính kèm khi nộp trực tuyến (MB, 1-50).",
                    _megabytes),
    ),
)
