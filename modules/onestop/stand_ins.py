"""Stand-ins for the national data platform and the national public service portal, for the demo and for trying an
installation out: one small HTTP server speaking the two protocols the one-stop adapters use (the same ones the tests'
stand-ins speak), under two prefixes.

    <base>/data    the data platform (services/data_sources.py): GET /data/<database>/<key> -> 200 {"reference",
                   "data"} for the sample records below, 404 otherwise
    <base>/portal  the national portal (services/national_portal.py): GET /portal/units/<code>/dossiers -> the dossiers
                   queued for that unit (none until one is queued: POST /portal/units/<code>/dossiers with a dossier's
                   JSON); POST /portal/dossiers/<id>/received and /status are accepted and kept (GET /portal/log)

`egov demo` runs it beside the web server (`python -m modules.onestop.stand_ins --port N`) and points the pilot's units
at it (settings data_platform_url and national_portal_url of the onestop module). Nothing here is used in production:
an ICT department points a unit at the real services with `egov modules enable onestop --unit <code> --set
data_platform_url=... --set national_portal_url=...` (docs/modules/onestop.md section 10).
"""

import argparse
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from modules.onestop.services.stand_in_settings import urls  # noqa: F401 - the settings pointing at these

# The demo's sample citizens, as the population database would answer for them (invented, clearly not real).
RECORDS = {
    ("population", "040090000001"): {"reference": "DC-DEMO-0001", "data": {
        "id_number": "040090000001", "full_name": "Nguyễn Văn Mẫu", "birth_date": "1990-01-01",
        "residence": "Xã Nghi Phong, Nghệ An"}},
    ("population", "040090000002"): {"reference": "DC-DEMO-0002", "data": {
        "id_number": "040090000002", "full_name": "Trần Thị Thử", "birth_date": "1985-06-15",
        "residence": "Phường Hưng Bình, Nghệ An"}},
    ("enterprise", "2900000001"): {"reference": "DN-DEMO-0001", "data": {
        "key": "2900000001", "name": "Hộ kinh doanh Mẫu", "address": "Nghệ An"}},
}


class StandIns:
    """What the stand-in portal holds: dossiers queued per unit, and what units sent back."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queued: dict[str, list[dict]] = {}
        self.log: list[dict] = []


def _handler(state: StandIns):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body) -> None:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _body(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                value = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return {}
            return value if isinstance(value, dict) else {}

        def do_GET(self):  # noqa: N802 - http.server's name
            parts = self.path.strip("/").split("/")
            if parts[:1] == ["data"] and len(parts) == 3:
                record = RECORDS.get((parts[1], parts[2]))
                return self._answer(200, record) if record else self._answer(404, {"error": "not found"})
            if parts[:2] == ["portal", "units"] and len(parts) == 4 and parts[3] == "dossiers":
                with state.lock:
                    return self._answer(200, {"dossiers": list(state.queued.get(parts[2], []))})
            if parts == ["portal", "log"]:
                with state.lock:
                    return self._answer(200, {"log": list(state.log)})
            return self._answer(404, {"error": "not found"})

        def do_POST(self):  # noqa: N802 - http.server's name
            parts = self.path.strip("/").split("/")
            body = self._body()
            if parts[:2] == ["portal", "units"] and len(parts) == 4 and parts[3] == "dossiers" and body.get("id"):
                with state.lock:
                    state.queued.setdefault(parts[2], []).append(body)
                return self._answer(201, {"queued": body["id"]})
            if parts[:2] == ["portal", "dossiers"] and len(parts) == 4 and parts[3] in ("received", "status"):
                with state.lock:
                    state.log.append({"dossier": parts[2], "kind": parts[3], **body})
                    if parts[3] == "received":  # acknowledged: no longer offered
                        for dossiers in state.queued.values():
                            dossiers[:] = [d for d in dossiers if d.get("id") != parts[2]]
                return self._answer(200, {"ok": True})
            return self._answer(404, {"error": "not found"})

        def log_message(self, *args):
            pass

    return Handler


def serve(host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, StandIns]:
    """The stand-ins' server, bound (port 0: any free port) and not yet serving; call serve_forever()."""
    state = StandIns()
    return ThreadingHTTPServer((host, port), _handler(state)), state


def main() -> None:  # pragma: no cover - run by `egov demo` as a child process
    parser = argparse.ArgumentParser(description="Stand-ins of the data platform and the national portal.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    server, _state = serve(args.host, args.port)
    print(f"Stand-ins: data platform http://{args.host}:{args.port}/data, national portal "
          f"http://{args.host}:{args.port}/portal", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
