from modules.catalogue.models.procedure import OnlineLevel, Procedure, Sector
from modules.catalogue.models.version import (
    Channel,
    DossierComponent,
    ProcedureVersion,
    SubmissionChannel,
    TimeUnit,
)

__all__ = ["Channel", "DossierComponent", "OnlineLevel", "Procedure", "ProcedureVersion", "Sector", "SubmissionChannel",
           "TimeUnit"]
