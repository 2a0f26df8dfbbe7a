"""What the Schemathesis run (tests/test_security_schemathesis.py) found, each kept fixed: a malformed argument is a
field error with its code, never INTERNAL_ERROR."""

import pytest
from api_support import add_member, codes, gql
from django.test import Client

from core.modules.services import enable


@pytest.mark.parametrize("value", ["", "Ø駧", "-470", "1.5", "9" * 30])
def test_document_recipients_of_a_malformed_id_is_not_found(unit_a, value):
    for module in ("doctypes", "documents"):
        enable(unit_a, module)
    client = Client()
    client.force_login(add_member(unit_a, "clerk-fuzz", roles=("clerk",)))
    status, body = gql(client, "query($id: ID!) { documentRecipients(id: $id) { unitCode } }", {"id": value},
                       unit=unit_a)
    assert status == 200 and codes(body) == ["NOT_FOUND"] and body["data"] == {"documentRecipients": None}
