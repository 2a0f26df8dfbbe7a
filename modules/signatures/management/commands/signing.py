"""`egov signing dev-ca`: a development CA, TSA, agency seal and signers' keys as PKCS#12 files, laid out as
EGOV_SIGNING_KEYS_DIR expects (<dir>/<unit code>/agency.p12, <dir>/<unit code>/<username>.p12)."""

from django.core.management.base import BaseCommand, CommandError

from modules.signatures import services


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

    def handle(self, *args, **opts):
        signers = {}
        for item in opts["signer"]:
            username, sep, name = item.partition("=")
            if not sep or not username.strip() or not name.strip():
                raise CommandError(f"--signer {item!r}: USERNAME=FULL NAME")
            signers[username.strip()] = name.strip()
        made = services.make_dev_ca(opts["dir"], agency=opts["agency"], signers=signers, unit=opts["unit"],
                                    passphrase=opts["passphrase"], days=opts["days"])
        self.stdout.write(f"CA (thêm vào EGOV_SIGNING_TRUST_ROOTS): {made.ca}")
        self.stdout.write(f"TSA (EGOV_SIGNING_DEV_TSA): {made.tsa}")
        self.stdout.write(f"Dấu cơ quan: {made.agency}")
        for username, path in made.signers.items():
            self.stdout.write(f"Người ký {username}: {path}")
