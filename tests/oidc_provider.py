"""A stand-in for the province's OpenID Connect provider, at the edge the tests cannot reach: a real HTTP server on
loopback with the endpoints a real provider has (authorize, token, userinfo, JWKS), RS256-signed id_tokens with the
nonce it was given, PKCE checked. `person` is whoever is signed in at the provider."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID, CLIENT_SECRET, KID = "egov-test", "bi-mat-cua-ung-dung", "khoa-1"


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.person: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def settings(self) -> dict:
        return {"OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
                "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize", "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
                "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo", "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
                "OIDC_RP_SIGN_ALGO": "RS256"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"nonce": query.get("nonce"), "claims": dict(provider.person),
                                            "challenge": query.get("code_challenge"),
                                            "redirect_uri": query["redirect_uri"]}
                    target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    return self._send(302, headers={"Location": target})
                if url.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    return self._send(200, {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
                if url.path == "/userinfo":
                    token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    return self._send(200, claims) if claims else self._send(401, {"error": "invalid_token"})
                return self._send(404)

            def do_POST(self):
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                        .items()}
                grant = provider.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if (self.path != "/token" or grant is None or form.get("client_secret") != CLIENT_SECRET
                        or form.get("redirect_uri") != grant["redirect_uri"] or challenge != grant["challenge"]):
                    return self._send(400, {"error": "invalid_grant"})
                now = int(time.time())
                claims = grant["claims"]
                id_token = jwt.encode({"iss": provider.base, "aud": CLIENT_ID, "sub": claims.get("sub", "x"),
                                       "nonce": grant["nonce"], "iat": now, "exp": now + 300, **claims},
                                      provider.key, algorithm="RS256", headers={"kid": KID})
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = claims
                return self._send(200, {"access_token": access, "id_token": id_token, "token_type": "Bearer",
                                        "expires_in": 300})

        return Handler
