"""Commands print what the operator needs, not warnings about the machine they cannot act on."""

import os
import subprocess
import sys

from django.conf import settings


def test_the_embedded_database_brings_no_runtime_directory_warning_without_xdg_runtime_dir():
    # Every `egov` command without DATABASE_URL loads pgserver; on a server or in a container XDG_RUNTIME_DIR is unset.
    env = {key: value for key, value in os.environ.items() if key != "XDG_RUNTIME_DIR"}
    probe = "from core.dbserver import load_pgserver; load_pgserver()"
    result = subprocess.run([sys.executable, "-W", "default", "-c", probe], env=env, cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120, check=True)
    assert "XDG_RUNTIME_DIR" not in result.stderr and "Warning" not in result.stderr
