"""The signatures module's public surface: sign a PDF (signer then agency seal, timestamped), verify one, keep
signed PDFs with their verification, and the development CA. Documents and one-stop results call these."""

from modules.signatures.services.appearance import Box, Placement, placement  # noqa: F401
from modules.signatures.services.devca import DevCa, make_dev_ca  # noqa: F401
from modules.signatures.services.errors import SignaturesCode, SignaturesError  # noqa: F401
from modules.signatures.services.keys import (  # noqa: F401
    KeySource,
    LocalRemoteSigning,
    Pkcs12Key,
    RemoteKey,
    RemoteSigningService,
)
from modules.signatures.services.labels import describe  # noqa: F401
from modules.signatures.services.pkcs11 import Pkcs11Key  # noqa: F401
from modules.signatures.services.records import (  # noqa: F401
    get_pdf,
    latest_verification,
    receive,
    sign_and_keep,
    verify_record,
)
from modules.signatures.services.signing import Party, seal_pdf, sign_pdf  # noqa: F401
from modules.signatures.services.timestamps import timestamper  # noqa: F401
from modules.signatures.services.verification import Verification, verify_pdf  # noqa: F401
