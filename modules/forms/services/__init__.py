"""The forms module's public surface: the data-field dictionary and its code lists, form definitions, the compiled
artefact and the server's verdict on a form's data, and the import of a paper form's field list; a submission packaged
(JSON, XML and its schema), exported across versions, printed as the filled paper form, and what a form can prefill."""

from modules.forms.services.codelists import (
    ListImpact,
    add_version,
    items_of,
    list_impact,
    load_shipped,
    sync_document_types,
    versions_of,
)
from modules.forms.services.codelists import in_force as code_list_in_force
from modules.forms.services.definitions import (
    create_form,
    form_spec,
    get_form,
    new_version,
    publish_form,
    published_artefact,
    published_forms,
    retire_form,
    save_form,
)
from modules.forms.services.dictionary import (
    PREFILL,
    Impact,
    add_field,
    current,
    discard_change,
    fields_in_force,
    impact,
    pending,
    propose_change,
    publish_change,
)
from modules.forms.services.errors import FormsCode, FormsError
from modules.forms.services.export import Entry as ExportEntry
from modules.forms.services.export import table as export_table
from modules.forms.services.export import to_csv as export_csv
from modules.forms.services.export import to_xlsx as export_xlsx
from modules.forms.services.filled_pdf import render as filled_pdf
from modules.forms.services.importing import ImportReport, import_fields
from modules.forms.services.packaging import as_json as package_json
from modules.forms.services.packaging import as_xml as package_xml
from modules.forms.services.packaging import xml_schema
from modules.forms.services.prefill import Offer, offers
from modules.forms.services.validation import FieldError, Verdict, validate

__all__ = ["PREFILL", "ExportEntry", "FieldError", "FormsCode", "FormsError", "Impact", "ImportReport", "ListImpact",
           "Offer", "add_version", "list_impact",
           "Verdict", "add_field", "export_csv", "export_table", "export_xlsx", "filled_pdf", "offers",
           "package_json", "package_xml", "xml_schema",
           "code_list_in_force", "create_form", "current", "discard_change", "fields_in_force", "form_spec",
           "get_form", "impact", "import_fields", "items_of", "load_shipped", "new_version", "pending", "propose_change",
           "publish_change", "publish_form", "published_artefact", "published_forms", "retire_form", "save_form",
           "sync_document_types", "validate", "versions_of"]
