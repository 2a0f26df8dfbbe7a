"""The demo's child processes (web server, Celery worker): started together, stopped together.

Each child runs in its own session, so Ctrl-C reaches only `egov demo`, which then stops them in order: SIGTERM (the
web server exits, Celery shuts down warm: it finishes the task in hand and stops beat), and SIGKILL after a grace
period. A second Ctrl-C kills them at once. On Linux a child also gets SIGTERM if `egov demo` itself is killed.
"""

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 20


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Supervisor:
    def __init__(self, env: dict, out):
        self.env = env
        self.out = out
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = False
        self._killing = False
        self.failed: str | None = None
        self.failed_status: int | None = None
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.stopping and not self._killing:  # a second Ctrl-C: do not wait any longer
            self._killing = True
            for proc in self.children.values():
                if proc.poll() is None:
                    proc.kill()
        self.stopping = True

    def start(self, name: str, command: list[str]) -> None:
        options = {"env": self.env, "start_new_session": True}
        if sys.platform.startswith("linux"):
            options["preexec_fn"] = _die_with_parent
        self.children[name] = subprocess.Popen(command, **options)

    def dead(self) -> tuple[str, int] | None:
        """The first child that exited on its own, with its status."""
        for name, proc in self.children.items():
            status = proc.poll()
            if status is not None:
                return name, status
        return None

    def wait(self) -> None:
        """Until a stop signal, or until a child exits on its own (recorded in .failed)."""
        while not self.stopping:
            gone = self.dead()
            if gone:
                self.failed, self.failed_status = gone
                return
            time.sleep(0.3)

    def stop(self) -> None:
        self.stopping = True
        running = {name: proc for name, proc in self.children.items() if proc.poll() is None}
        if running:
            self.out.write(f"Stopping {', '.join(running)}...")
        for proc in running.values():
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for name, proc in running.items():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.out.write(f"{name} did not stop within {GRACE_SECONDS} s: killed.")
                proc.kill()
                proc.wait()
        if running:
            self.out.write("Stopped.")


def wait_for_health(url: str, supervisor: Supervisor, timeout: float) -> bool:
    """True once `url` answers 200; False on a stop signal, a child's exit, or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if supervisor.stopping or supervisor.dead():
            return False
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False
