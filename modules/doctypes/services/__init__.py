"""The document-type catalogue's public surface: read the types in force, load Appendix III, add a type."""

from modules.doctypes.services.catalogue import (
    DoctypeCode,
    DoctypeError,
    TypeInfo,
    add_type,
    get_type,
    load_appendix_iii,
    types_in_force,
)

__all__ = ["DoctypeCode", "DoctypeError", "TypeInfo", "add_type", "get_type", "load_appendix_iii", "types_in_force"]
