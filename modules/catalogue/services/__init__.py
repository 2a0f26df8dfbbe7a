"""The catalogue's API for other modules: import files, and read procedure versions."""

from modules.catalogue.services.importing import ImportReport, Issue, import_file, import_records, import_sample
from modules.catalogue.services.readers import CatalogueFileError
from modules.catalogue.services.versions import current_version, get_version, get_versions, procedures

__all__ = ["CatalogueFileError", "ImportReport", "Issue", "current_version", "get_version", "get_versions",
           "import_file", "import_records", "import_sample", "procedures"]
