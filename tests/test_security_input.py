"""Bad input is a clear validation error, never a server error (security finding 7)."""

import base64
import json

import pytest
from api_support import add_member, codes, gql, headers, post
from django.test import Client

from core.api.models import ApiToken

ISSUE = "mutation($n: String!) { issueApiToken(input: {name: $n}) { token errors { code } } }"
REVOKE = 'mutation { revokeApiToken(id: "%s") { apiToken { name } errors { field code } } }'


@pytest.fixture
def admin_client(unit_a):
    client = Client()
    client.force_login(add_member(unit_a, "admin"))
    return client


@pytest.mark.parametrize("name", ["a\x00b", "a\ud800b", "\udfff"], ids=["NUL", "lone high surrogate", "lone low"])
def test_unstorable_text_in_a_variable_is_refused(unit_a, admin_client, name):
    status, body = gql(admin_client, ISSUE, {"n": name}, unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"]) and not ApiToken.objects.exists()


def test_unstorable_text_in_a_literal_is_refused(unit_a, admin_client):
    status, body = gql(admin_client, 'mutation { issueApiToken(input: {name: "a\\u0000b"}) { errors { code } } }',
                       unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"]) and not ApiToken.objects.exists()


@pytest.mark.parametrize("raw", ['{"n": NaN}', '{"n": Infinity}', '{"n": -Infinity}', '{"n": 1e400}'])
def test_non_finite_numbers_in_json_are_refused(unit_a, admin_client, raw):
    query = json.dumps("mutation($n: String) { issueApiToken(input: {name: \"x\"}) { token } }")
    body = '{"query": ' + query + ', "variables": ' + raw + "}"
    response = admin_client.post("/graphql/", data=body, content_type="application/json", **headers(unit_a))
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert response.json()["errors"][0]["extensions"]["code"] in ("BAD_REQUEST", "BAD_USER_INPUT")


def test_a_float_literal_too_large_is_refused(unit_a, admin_client):
    status, body = gql(admin_client, "{ members(first: 1, after: null) { totalCount } unit { code } }", unit=unit_a)
    assert status == 200
    status, body = gql(admin_client, "query($x: Float = 1e400) { unit { code } }", unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"])


@pytest.mark.parametrize("token_id", ["²", "١٢", "99999999999999999999999", "-1", "1 OR 1=1"])
def test_a_malformed_token_id_is_not_found(unit_a, admin_client, token_id):
    status, body = gql(admin_client, REVOKE % token_id, unit=unit_a)
    assert status == 200 and body["data"]["revokeApiToken"] == {"apiToken": None,
                                                                "errors": [{"field": "id", "code": "NOT_FOUND"}]}


@pytest.mark.parametrize("offset", ["99999999999999999999999", "9223372036854775808", "-5", "x"])
def test_a_forged_cursor_is_invalid(unit_a, admin_client, offset):
    cursor = base64.b64encode(f"arrayconnection:{offset}".encode()).decode()
    status, body = gql(admin_client, "query($c: String) { members(first: 5, after: $c) { totalCount } }",
                       {"c": cursor}, unit=unit_a)
    assert "INVALID_CURSOR" in codes(body) and "INTERNAL_ERROR" not in codes(body)


def test_a_json_body_nested_a_thousand_levels_is_a_bad_request(unit_a, admin_client):
    nested = "[" * 1000 + "]" * 1000
    response = admin_client.post("/graphql/", data='{"query": "{ unit { code } }", "variables": {"v": ' + nested + "}}",
                                 content_type="application/json", **headers(unit_a))
    assert response.status_code == 400
    status, body = post(admin_client, {"query": "{ unit { code } }", "variables": {"v": json.loads("[" * 40 + "]" * 40)}},
                        unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"])


@pytest.mark.parametrize("path", ["/m/printing/01/%00.pdf", "/m/tracking/?ma=%00", "/health/%00"])
def test_a_nul_in_an_address_is_a_bad_request(unit_a, path):
    response = Client().get(path, **headers(unit_a))
    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"


def test_a_nul_in_a_form_field_is_a_bad_request(db):
    response = Client(HTTP_HOST="localhost").post("/m/tracking/", {"ma": "X-260105-0001", "dien_thoai": "09\x0012"})
    assert response.status_code == 400


def test_ids_from_untrusted_input_are_ascii_digits_within_a_bigint():
    from core.ids import object_id

    assert [object_id(v) for v in ("7", " 42 ", 9, "007")] == [7, 42, 9, 7]
    # "²" and "٣" pass str.isdigit() and then fail int(); 19 digits overflow PostgreSQL's bigint: none is an id
    assert [object_id(v) for v in ("²", "٣", "9" * 19, "", None, "-1", "1e3", "0x1f", "1 2")] == [None] * 9
