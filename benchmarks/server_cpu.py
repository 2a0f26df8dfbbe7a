"""The CPU time of this process's database connection, for benchmarks that report the server's share."""

import os

from django.db import connection

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu() -> float:
    """CPU seconds of this connection's server process so far (0 when the server is not on this machine)."""
    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS
