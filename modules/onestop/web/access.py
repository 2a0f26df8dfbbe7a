"""The one check in front of every one-stop screen: the workspace's (core.web.access)."""

from core.web.access import staff_page  # noqa: F401
