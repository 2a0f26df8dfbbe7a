"""The onestop settings that point a unit at the stand-ins of the data platform and the national portal
(modules/onestop/stand_ins.py) served at one address - what `egov demo` sets on the pilot's units."""


def urls(base: str) -> dict[str, str]:
    """The onestop settings for stand-ins served at `base` (http://host:port)."""
    return {"data_platform_url": f"{base}/data", "national_portal_url": f"{base}/portal"}
