"""Files through the API: real multipart bodies (the GraphQL multipart request spec) posted with Django's test client
to a citizen's online submission (portalSubmitDossierOnline): a 5 MB file accepted and stored as sent; a file over
the limits, of a refused type, or a malformed request refused with a clear error and nothing stored; anonymous
multipart requests limited per client address; the GraphQL limits still applied; the CSRF rule of cookie sessions
unchanged; a file submitted at one unit absent from another."""

import hashlib
import json

import pytest
from api_support import add_member, gql, headers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from onestop_support import PROC, open_office

from core.api import multipart
from core.modules.services import enable, set_settings
from core.rate_limits import RateLimit
from modules.onestop.models import Dossier
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.models import SubmittedFile
from modules.portal.services import limits
from tenants.services import entered

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBMIT = """mutation($input: PortalSubmitDossierInput!, $files: [Upload!]) {
  portalSubmitDossierOnline(input: $input, files: $files) {
    receipt { code procedureCode files { name contentType size sha256 } } errors { field code message } } }"""
ADDRESSES = ("10.91.0.1", "10.91.0.2", "10.91.0.3")


@pytest.fixture
def portal(unit_a, unit_b, monkeypatch):
    """unit_a handles PROC with the portal on; unit_b has the portal and handles nothing. Limits of their own."""
    forget_plans()
    open_office(unit_a)
    for module in ("notify", "notices", "tracking", "portal"):
        enable(unit_a, module)
    for module in ("catalogue", "procedures", "onestop", "portal"):
        enable(unit_b, module)
    monkeypatch.setattr(multipart, "ANONYMOUS_UPLOADS", RateLimit("test-graphql-upload", 5, 600))
    monkeypatch.setattr(limits, "SUBMISSION_ATTEMPTS", RateLimit("test-api-portal-submit", 20, 600))
    monkeypatch.setattr(online_limits, "PER_CLIENT", RateLimit("test-api-online-client", 20, 600))
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-api-online-phone", 20, 3600))
    yield unit_a
    for unit in (unit_a, unit_b):
        with entered(unit):  # cache keys carry the unit's schema
            for address in ADDRESSES:
                for limit in (multipart.ANONYMOUS_UPLOADS, limits.SUBMISSION_ATTEMPTS, online_limits.PER_CLIENT):
                    limit.forget(address)
            online_limits.PER_PHONE.forget("912345678")
    multipart.ANONYMOUS_UPLOADS.forget(ADDRESSES[0])  # the platform endpoint's count
    forget_plans()


def _input(**extra) -> dict:
    return {"procedureCode": PROC, "applicantName": "Lê Thị Hoa", "applicantPhone": "0912 345 678", **extra}


def send(unit, operations, mapping, files, address=ADDRESSES[0], client=None, **extra):
    """One multipart POST as a browser or a script would send it: operations, map, then the file parts."""
    client = client or Client(REMOTE_ADDR=address)
    data = {"operations": operations if isinstance(operations, str) else json.dumps(operations),
            "map": mapping if isinstance(mapping, str) else json.dumps(mapping), **files}
    response = client.post("/graphql/", data=data, **headers(unit), **extra)
    return response.status_code, response.json()


def submit(unit, *files, address=ADDRESSES[0]):
    """portalSubmitDossierOnline with the files at variables.files.N."""
    operations = {"query": SUBMIT, "variables": {"input": _input(), "files": [None] * len(files)}}
    mapping = {str(i): [f"variables.files.{i}"] for i in range(len(files))}
    return send(unit, operations, mapping, {str(i): f for i, f in enumerate(files)}, address)


def _stored(unit) -> tuple[int, int]:
    with entered(unit):
        return Dossier.objects.count(), SubmittedFile.objects.count()


def _code(body) -> str:
    return body["errors"][0]["extensions"]["code"]


def test_a_5_mb_file_is_accepted_and_stored_as_sent(portal, unit_a):
    big = PDF + b"0" * (5 * 1024 * 1024)
    status, body = submit(unit_a, SimpleUploadedFile("../hồ sơ/đơn đề nghị.pdf", big, "application/pdf"),
                          SimpleUploadedFile("b.pdf", PDF, "application/octet-stream"))
    payload = body["data"]["portalSubmitDossierOnline"]
    assert status == 200 and payload["errors"] == [], body
    receipt = payload["receipt"]
    assert receipt["procedureCode"] == PROC
    assert [(f["name"], f["contentType"], f["size"]) for f in receipt["files"]] == [
        ("đơn đề nghị.pdf", "application/pdf", len(big)), ("b.pdf", "application/pdf", len(PDF))]
    assert receipt["files"][0]["sha256"] == hashlib.sha256(big).hexdigest()
    with entered(unit_a):
        row = SubmittedFile.objects.get(dossier_code=receipt["code"], name="đơn đề nghị.pdf")
        assert bytes(row.content) == big
        assert Dossier.objects.get(code=receipt["code"]).channel == "online"


def test_a_file_over_the_units_limit_is_refused_and_nothing_stored(portal, unit_a):
    set_settings(unit_a, "portal", {"max_file_mb": 1})
    status, body = submit(unit_a, SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024), "application/pdf"))
    error = body["data"]["portalSubmitDossierOnline"]["errors"][0]
    assert status == 200 and (error["field"], error["code"]) == ("files", "FILE_TOO_LARGE")
    assert "lớn hơn 1 MB" in error["message"]
    assert _stored(unit_a) == (0, 0)


def test_a_file_over_the_apis_limit_is_refused_before_anything_runs(portal, unit_a, settings):
    settings.GRAPHQL_UPLOAD_MAX_FILE_BYTES = 1000
    status, body = submit(unit_a, SimpleUploadedFile("a.pdf", PDF + b"0" * 1000, "application/pdf"))
    assert status == 413 and _code(body) == "FILE_TOO_LARGE" and "data" not in body
    settings.GRAPHQL_UPLOAD_MAX_REQUEST_BYTES = 500  # the declared length, before the body is read
    status, body = submit(unit_a, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    assert status == 413 and _code(body) == "REQUEST_TOO_LARGE"
    assert _stored(unit_a) == (0, 0)


def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused(portal, unit_a):
    status, body = submit(unit_a, SimpleUploadedFile("ho-so.pdf", b"MZ\x90\x00 an executable", "application/pdf"))
    error = body["data"]["portalSubmitDossierOnline"]["errors"][0]
    assert (error["field"], error["code"]) == ("files", "FILE_TYPE_REFUSED") and "không phải PDF" in error["message"]
    assert _stored(unit_a) == (0, 0)


def test_more_files_than_an_anonymous_request_may_carry_are_refused(portal, unit_a):
    status, body = submit(unit_a, *[SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(6)])
    assert status == 400 and _code(body) == "TOO_MANY_FILES"
    assert _stored(unit_a) == (0, 0)


OPERATIONS = {"query": SUBMIT, "variables": {"input": _input(), "files": [None]}}


@pytest.mark.parametrize("operations, mapping, parts, problem", [
    (OPERATIONS, "{not json", {"0": "f"}, "map không phải JSON"),
    (OPERATIONS, ["variables.files.0"], {"0": "f"}, "map phải là một đối tượng"),
    (OPERATIONS, {"0": "variables.files.0"}, {"0": "f"}, "map phải là một đối tượng"),
    (OPERATIONS, {"0": ["variables.files.0"]}, {}, "không có đúng một phần tệp"),      # the file part missing
    (OPERATIONS, {"0": ["variables.files.0"]}, {"0": "f", "1": "f"}, "1 không có trong map"),
    (OPERATIONS, {"0": ["query"]}, {"0": "f"}, "không trỏ tới một biến"),
    (OPERATIONS, {"0": ["variables.files.3"]}, {"0": "f"}, "không trỏ tới một biến"),
    (OPERATIONS, {"0": ["variables.input.applicantName"]}, {"0": "f"}, "phải trỏ tới một giá trị null"),
    (OPERATIONS, {"0": ["0.variables.files.0"]}, {"0": "f"}, "không trỏ tới một biến"),  # not a batch
    ("[1, 2]", {"0": ["variables.files.0"]}, {"0": "f"}, "operations phải là một đối tượng"),
    ("{", {"0": ["variables.files.0"]}, {"0": "f"}, "operations không phải JSON"),
])
def test_a_malformed_request_is_refused_with_its_fault_named(portal, unit_a, operations, mapping, parts, problem):
    files = {name: SimpleUploadedFile("a.pdf", PDF, "application/pdf") for name in parts}
    status, body = send(unit_a, operations, mapping, files)
    assert status == 400 and _code(body) == "BAD_MULTIPART" and problem in body["errors"][0]["message"], body
    assert _stored(unit_a) == (0, 0)


def test_parts_missing_and_a_file_given_as_text_are_refused(portal, unit_a):
    client = Client(REMOTE_ADDR=ADDRESSES[0])
    answer = client.post("/graphql/", data={"map": "{}"}, **headers(unit_a))
    assert answer.status_code == 400 and "Thiếu phần operations" in answer.json()["errors"][0]["message"]
    # a string where the Upload goes: the variable is refused, nothing runs
    status, body = send(unit_a, {"query": SUBMIT, "variables": {"input": _input(), "files": ["JVBERi0x"]}}, {}, {})
    assert status == 400 and _code(body) == "BAD_USER_INPUT" and "multipart" in body["errors"][0]["message"]
    # nor as a literal in the document
    literal = SUBMIT.replace("files: $files", 'files: ["x"]').replace(", $files: [Upload!]", "")
    status, body = send(unit_a, {"query": literal, "variables": {"input": _input()}}, {}, {})
    assert status == 400 and _code(body) == "GRAPHQL_VALIDATION_FAILED"
    assert _stored(unit_a) == (0, 0)


def test_the_graphql_limits_still_apply_to_a_multipart_request(portal, unit_a):
    aliases = "query { " + " ".join(f"a{i}: __typename" for i in range(11)) + " }"  # anonymous: 10 aliases
    status, body = send(unit_a, {"query": aliases}, {}, {})
    assert status == 400 and _code(body) == "TOO_MANY_ALIASES"
    too_long = {"query": SUBMIT, "variables": {"input": _input(data={"x": "a" * 300_000}), "files": [None]}}
    status, body = send(unit_a, too_long, {"0": ["variables.files.0"]},
                        {"0": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, address=ADDRESSES[1])
    assert status == 413 and _code(body) == "REQUEST_TOO_LARGE"  # operations within the anonymous body's bytes
    assert _stored(unit_a) == (0, 0)


def test_a_batch_carries_files_to_each_of_its_operations(portal, unit_a):
    operations = [{"query": SUBMIT, "variables": {"input": _input(), "files": [None]}},
                  {"query": SUBMIT, "variables": {"input": _input(applicantName="Trần Văn Bình"), "files": [None]}}]
    status, body = send(unit_a, operations, {"0": ["0.variables.files.0", "1.variables.files.0"]},
                        {"0": SimpleUploadedFile("chung.pdf", PDF, "application/pdf")})
    assert status == 200 and [r["data"]["portalSubmitDossierOnline"]["errors"] for r in body] == [[], []], body
    assert _stored(unit_a) == (2, 2)  # one file part, placed at two paths, stored with each dossier


def test_anonymous_multipart_requests_are_limited_per_client_refused_ones_included(portal, unit_a):
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    answers = [submit(unit_a, bad, address=ADDRESSES[2])[0] for _ in range(5)]
    assert answers == [200] * 5  # refused in the payload (FILE_TYPE_REFUSED), each counted
    status, body = submit(unit_a, SimpleUploadedFile("ok.pdf", PDF, "application/pdf"), address=ADDRESSES[2])
    assert status == 429 and _code(body) == "RATE_LIMITED"
    assert submit(unit_a, SimpleUploadedFile("ok.pdf", PDF, "application/pdf"))[0] == 200  # another client
    assert _stored(unit_a) == (1, 1)


def test_a_signed_in_browser_still_needs_the_csrf_token_and_a_token_does_not(portal, unit_a):
    from api_support import issue_token

    clerk = add_member(unit_a, "tiep-nhan-tep", roles=("receiving_officer",))
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESSES[0])
    browser.force_login(clerk)
    status, body = send(unit_a, OPERATIONS, {"0": ["variables.files.0"]},
                        {"0": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, client=browser)
    assert status == 403 and _code(body) == "CSRF_FAILED"
    assert _stored(unit_a) == (0, 0)
    token = "k" * 32  # the cookie's secret, sent back in the header as a page's script would
    browser.cookies["csrftoken"] = token
    status, body = send(unit_a, OPERATIONS, {"0": ["variables.files.0"]},
                        {"0": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, client=browser,
                        HTTP_X_CSRFTOKEN=token)
    assert status == 200 and body["data"]["portalSubmitDossierOnline"]["errors"] == [], body
    script = Client(REMOTE_ADDR=ADDRESSES[1], enforce_csrf_checks=True)
    signed = Client()
    signed.force_login(clerk)
    bearer = issue_token(signed, unit=unit_a)
    status, body = send(unit_a, OPERATIONS, {"0": ["variables.files.0"]},
                        {"0": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, client=script,
                        HTTP_AUTHORIZATION=f"Bearer {bearer}")
    assert status == 200 and body["data"]["portalSubmitDossierOnline"]["errors"] == [], body
    assert _stored(unit_a) == (2, 2)


def test_a_file_submitted_at_one_unit_is_absent_from_another(portal, unit_a, unit_b):
    status, body = submit(unit_a, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    code = body["data"]["portalSubmitDossierOnline"]["receipt"]["code"]
    assert _stored(unit_a) == (1, 1) and _stored(unit_b) == (0, 0)
    clerk_b = add_member(unit_b, "tiep-nhan-b", roles=("receiving_officer",))
    browser = Client()
    browser.force_login(clerk_b)
    found = gql(browser, "query($c: String!) { onestopDossier(code: $c) { code } }", {"c": code}, unit=unit_b)[1]
    assert found["data"]["onestopDossier"] is None
    # unit B's own submission of A's procedure is refused there, and stores nothing
    status, body = submit(unit_b, SimpleUploadedFile("b.pdf", PDF, "application/pdf"))
    assert body["data"]["portalSubmitDossierOnline"]["errors"], body
    assert _stored(unit_b) == (0, 0)


def test_the_platform_endpoint_reads_a_multipart_request_too(portal):
    status, body = send(None, {"query": "query { __typename }"}, {}, {})
    assert (status, body) == (200, {"data": {"__typename": "Query"}})


FILES = "query($c: String!) { portalDossierFiles(code: $c) { name contentType size sha256 downloadUrl } }"


def test_staff_list_a_dossiers_online_files_and_download_them_with_their_token(portal, unit_a, unit_b):
    from api_support import issue_token

    big = PDF + b"1" * (2 * 1024 * 1024)
    body = submit(unit_a, SimpleUploadedFile("đơn.pdf", big, "application/pdf"))[1]
    code = body["data"]["portalSubmitDossierOnline"]["receipt"]["code"]
    clerk = add_member(unit_a, "tiep-nhan-tep", roles=("receiving_officer",))
    browser = Client()
    browser.force_login(clerk)
    token = issue_token(browser, unit=unit_a)
    script = Client()
    found = gql(script, FILES, {"c": code}, unit=unit_a, token=token)[1]["data"]["portalDossierFiles"]
    assert [(f["name"], f["contentType"], f["size"]) for f in found] == [("đơn.pdf", "application/pdf", len(big))]
    assert found[0]["sha256"] == hashlib.sha256(big).hexdigest()
    download = script.get(found[0]["downloadUrl"].split("localhost", 1)[1], **headers(unit_a, token=token))
    assert download.status_code == 200 and download.content == big
    assert download["Content-Type"] == "application/pdf"
    # anonymous: refused; a member of unit B: the dossier does not exist there, nor its file
    anonymous = gql(Client(), FILES, {"c": code}, unit=unit_a)[1]
    assert anonymous["data"]["portalDossierFiles"] is None and anonymous["errors"]
    clerk_b = add_member(unit_b, "tiep-nhan-tep-b", roles=("receiving_officer",))
    other = Client()
    other.force_login(clerk_b)
    refused = gql(other, FILES, {"c": code}, unit=unit_b)[1]
    assert refused["data"]["portalDossierFiles"] is None
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert other.get(found[0]["downloadUrl"].split("localhost", 1)[1], **headers(unit_b)).status_code == 404
