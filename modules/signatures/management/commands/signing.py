"""`egov signing dev-ca`: a development CA, TSA, agency seal and signers' keys as PKCS#12 files, laid out as
EGOV_SIGNING_KEYS_DIR expects (<dir>/<unit code>/agency.p12, <dir>/<unit code>/<username>.p12); `egov signing
revoke` revokes one of its certificates and `egov signing dev-revocation` serves its CRL and OCSP answers."""

from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management.base import BaseCommand, CommandError

from modules.signatures import services
from modules.signatures.services import devca_revocation


class Command(BaseCommand):
    help = "Digital signatures: make a development CA with the agency's and signers' keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ca = sub.add_parser("dev-ca", help="A development CA, TSA, agency seal and signer certificates (PKCS#12).")
        ca.add_argument("--dir", required=True, help="Where the files go (the ICT department's choice).")
        ca.add_argument("--agency", required=True, help="The agency's name on its seal certificate.")
        ca.add_argument("--unit", default="", help="The unit's code: keys go to DIR/UNIT/ (EGOV_SIGNING_KEYS_DIR).")
        ca.add_argument("--signer", action="append", default=[], metavar="USERNAME=FULL NAME",
                        help="A person with signing authority (repeatable).")
        ca.add_argument("--passphrase", required=True, help="The PKCS#12 files' passphrase.")
        ca.add_argument("--days", type=int, default=3 * 365)
        ca.add_argument("--revocation-url", default="", help="HTTP address of `egov signing dev-revocation`, "
                        "named in every certificate (CRL: URL/crl, OCSP: URL/ocsp).")
        revoke = sub.add_parser("revoke", help="Revoke a certificate of the development CA (its .p12 file).")
        revoke.add_argument("--dir", required=True, help="The development CA's directory.")
        revoke.add_argument("--passphrase", required=True)
        revoke.add_argument("file", help="The PKCS#12 file whose certificate is revoked.")
        serve = sub.add_parser("dev-revocation", help="Serve the development CA's CRL and OCSP answers over HTTP.")
        serve.add_argument("--dir", required=True, help="The development CA's directory.")
        serve.add_argument("--passphrase", required=True)
        serve.add_argument("--port", type=int, default=8089)

    def handle(self, *args, **opts):
        if opts["action"] == "revoke":
            return self._revoke(opts)
        if opts["action"] == "dev-revocation":
            server = devca_revocation.RevocationServer(Path(opts["dir"]), opts["passphrase"], port=opts["port"])
            self.stdout.write(f"CRL: {server.url}/crl, OCSP: {server.url}/ocsp")
            server.serve_forever()
            return None
        signers = {}
        for item in opts["signer"]:
            username, sep, name = item.partition("=")
            if not sep or not username.strip() or not name.strip():
                raise CommandError(f"--signer {item!r}: USERNAME=FULL NAME")
            signers[username.strip()] = name.strip()
        made = services.make_dev_ca(opts["dir"], agency=opts["agency"], signers=signers, unit=opts["unit"],
                                    passphrase=opts["passphrase"], days=opts["days"],
                                    revocation_url=opts["revocation_url"])
        self.stdout.write(f"CA (thêm vào EGOV_SIGNING_TRUST_ROOTS): {made.ca}")
        self.stdout.write(f"TSA (EGOV_SIGNING_DEV_TSA): {made.tsa}")
        self.stdout.write(f"Dấu cơ quan: {made.agency}")
        for username, path in made.signers.items():
            self.stdout.write(f"Người ký {username}: {path}")

    def _revoke(self, opts):
        try:
            _key, cert, _chain = pkcs12.load_key_and_certificates(Path(opts["file"]).read_bytes(),
                                                                  opts["passphrase"].encode())
        except (OSError, ValueError) as exc:
            raise CommandError(f"{opts['file']}: {exc}") from exc
        serial = devca_revocation.revoke(Path(opts["dir"]), cert)
        self.stdout.write(f"Đã thu hồi chứng thư số sê-ri {serial:x} / revoked")
