"""The forms module's public surface: the data-field dictionary and its code lists, form definitions, the compiled
artefact and the server's verdict on a form's data, and the import of a paper form's field list."""

from modules.forms.services.codelists import in_force as code_list_in_force
from modules.forms.services.codelists import items_of, load_shipped, sync_document_types, versions_of
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
from modules.forms.services.importing import ImportReport, import_fields
from modules.forms.services.validation import FieldError, Verdict, validate

__all__ = ["PREFILL", "FieldError", "FormsCode", "FormsError", "Impact", "ImportReport", "Verdict", "add_field",
           "code_list_in_force", "create_form", "current", "discard_change", "fields_in_force", "form_spec",
           "get_form", "impact", "import_fields", "items_of", "load_shipped", "new_version", "pending", "propose_change",
           "publish_change", "publish_form", "published_artefact", "published_forms", "retire_form", "save_form",
           "sync_document_types", "validate", "versions_of"]
