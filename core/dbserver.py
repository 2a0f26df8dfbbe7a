"""The embedded PostgreSQL used when no DATABASE_URL is given.

It comes from the `pgserver` wheel (PostgreSQL binaries packaged for pip), keeps its data under `.data/pg`, and stays
running between commands so every process of the platform (web, worker, tests) shares one server.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

DATABASE_NAME = "egov"


def data_dir() -> Path:
    root = Path(os.environ.get("EGOV_DATA_DIR") or Path(__file__).resolve().parent.parent / ".data")
    return root / "pg"


def load_pgserver():
    """The pgserver package, imported lazily (only the embedded default needs it) and quietly: at import it asks
    platformdirs for a runtime directory, which warns on every command when XDG_RUNTIME_DIR is unset (a server, a
    container, `sudo`). The fallback platformdirs picks works, so that one warning is dropped, and only it."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import pgserver
    return pgserver


@contextmanager
def real_clock_for_children():
    """Children started in the block run on the real clock, even when this process runs under libfaketime
    (`faketime ... pytest`, to test on another day): PostgreSQL's own timers stop under it. The faked clock of this
    process is left as it is."""
    saved = {key: os.environ.get(key) for key in os.environ if key == "LD_PRELOAD" or key.startswith("FAKETIME")}
    preload = [lib for lib in re.split(r"[\s:]+", saved.get("LD_PRELOAD") or "") if lib and "faketime" not in lib]
    for key in saved:
        os.environ.pop(key)
    if preload:
        os.environ["LD_PRELOAD"] = " ".join(preload)
    try:
        yield
    finally:
        os.environ.pop("LD_PRELOAD", None)
        os.environ.update(saved)


def embedded_database_url() -> str:
    pgserver = load_pgserver()
    data_dir().parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no .data/ yet
    with real_clock_for_children():  # the first process to need the server starts it
        server = pgserver.get_server(str(data_dir()), cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(0 rows)" in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # get_uri() points at the unix socket inside the data directory: no TCP port to collide with.
    return server.get_uri(DATABASE_NAME)
