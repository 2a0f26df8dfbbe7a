from modules.forms.models.codelists import CodeList, CodeListVersion
from modules.forms.models.definitions import FormDefinition, FormField, FormRule, FormSection, FormStatus
from modules.forms.models.dictionary import DataField, FieldType, FieldVersion, VersionStatus

__all__ = ["CodeList", "CodeListVersion", "DataField", "FieldType", "FieldVersion", "FormDefinition", "FormField",
           "FormRule", "FormSection", "FormStatus", "VersionStatus"]
