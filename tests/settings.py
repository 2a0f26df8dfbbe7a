"""Settings of the test suite: the platform's, with the plug-ins shipped in plugins/ allowed, so their tables exist
in every unit schema and their tests run. Set EGOV_PLUGINS to test another allow-list."""

import os

os.environ.setdefault("EGOV_PLUGINS", "notify,paysandbox")

from core.settings import *  # noqa: E402,F403
