"""A loopback TCP port relayed to a unix socket: the embedded PostgreSQL (core/dbserver.py) listens only on a socket
inside its data directory, which another PostgreSQL cluster's user cannot enter, so the scale-out suites give the
second cluster this port as the platform's address (`prepare_server(alias, platform_url)`). A real installation's
servers reach each other over the network (docs/ict/scale-out.md); this exists for the tests alone."""

import socket
import threading


class UnixSocketRelay:
    """Accepts on 127.0.0.1:<free port> while open; each connection is piped both ways to `path`."""

    def __init__(self, path: str):
        self.path = path
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, name="unix-socket-relay", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                upstream.connect(self.path)
            except OSError:
                client.close()
                upstream.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._listener.close()
