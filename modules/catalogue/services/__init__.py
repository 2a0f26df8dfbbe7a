"""The catalogue's API for other modules: import and export files, read procedure versions, names, sectors and
the time (and kind of day) of each channel."""

from modules.catalogue.models import TimeUnit
from modules.catalogue.services.exporting import export_records
from modules.catalogue.services.importing import ImportReport, Issue, import_file, import_records, import_sample
from modules.catalogue.services.readers import CatalogueFileError
from modules.catalogue.services.reads import (
    FULL_ONLINE_SERVICE,
    ONLINE_SERVICE_LEVELS,
    ChannelTime,
    Component,
    channel_times,
    components_of,
    current_version_ids,
    online_levels,
    procedure_names,
    procedure_sectors,
    procedures_in_force,
    procedures_with_fee,
    sector_names,
    versions_with_fee,
)
from modules.catalogue.services.versions import current_version, get_version, get_versions, procedures

__all__ = ["CatalogueFileError", "ChannelTime", "Component", "ImportReport", "Issue", "channel_times", "components_of",
           "current_version", "current_version_ids", "export_records", "FULL_ONLINE_SERVICE", "get_version",
           "get_versions", "import_file", "import_records", "import_sample", "online_levels", "ONLINE_SERVICE_LEVELS",
           "procedure_names", "procedure_sectors", "procedures", "procedures_in_force", "procedures_with_fee",
           "sector_names", "TimeUnit", "versions_with_fee"]
