"""What a stranger types into an online submission never reads as the agency's own words and never becomes a link:
quoted and without web addresses in notices, escaped and not linked in the staff's workspace, plain text in the printed
receipt (security finding 4: the applicant's name "CLICK http://..." was put verbatim into the agency's e-mail)."""

import io

import pytest
from api_support import gql
from django.test import Client
from onestop_support import PROC, open_office
from pypdf import PdfReader
from workspace_support import UnitClient

from core.modules.services import enable
from modules.notices.services import render, template_for
from modules.notices.services.context import context_for
from modules.onestop.services import online_limits, reads
from modules.printing.services import pdf, render_form
from tenants.services import entered

NAME = 'Lan CLICK <a href="http://evil.example/pay">http://evil.example/pay</a> www.lua.vn bit.ly/x'
CLIENT = "10.67.0.1"


@pytest.fixture
def submitted(unit_a):
    """A citizen's own online submission whose applicant name carries links and markup; (unit, code, people)."""
    people = open_office(unit_a)
    for module in ("notify", "notices", "printing"):
        enable(unit_a, module)
    body = gql(Client(REMOTE_ADDR=CLIENT), """mutation($input: SubmitDossierOnlineInput!) {
      onestopSubmitDossierOnline(input: $input) { receipt { code } errors { code } } }""",
               {"input": {"procedureCode": PROC, "applicantName": NAME, "applicantPhone": "0987654321"}}, unit=unit_a)[1]
    payload = body["data"]["onestopSubmitDossierOnline"]
    assert payload["errors"] == [], payload
    yield unit_a, payload["receipt"]["code"], people
    with entered(unit_a):
        online_limits.PER_CLIENT.forget(CLIENT)
        online_limits.PER_PHONE.forget("987654321")


def test_notices_quote_the_name_without_any_link(submitted):
    unit, code, _people = submitted
    with entered(unit):
        context = context_for(unit, reads.dossier(code), None)
        subject, body = render(template_for("received", "email"), context)
    assert context["applicant_name"].startswith("“Lan CLICK") and context["applicant_name"].endswith("”")
    assert "Kính gửi Ông/Bà “Lan CLICK" in body
    body = body.replace(context["lookup_url"], "")  # the agency's own link, the only one
    for link in ("http", "evil.example", "www.", "lua.vn", "bit.ly", "<a"):
        assert link not in body and link not in subject


def test_the_workspace_shows_the_name_escaped_and_unlinked(submitted):
    unit, code, people = submitted
    page = UnitClient(unit, people["receiving_officer"]).get(f"/m/onestop/ho-so/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lan CLICK &lt;a href=" in html  # shown as typed, as text
    assert '<a href="http://evil.example' not in html and 'href="www.lua.vn' not in html


@pytest.mark.skipif(not pdf.available(), reason="Pango is not installed: see docs/modules/printing.md")
def test_the_printed_receipt_carries_the_name_as_plain_text_with_no_link(submitted):
    unit, code, _people = submitted
    with entered(unit):
        content = render_form("01", code)
    reader = PdfReader(io.BytesIO(content))
    assert "Lan CLICK" in "\n".join(page.extract_text() for page in reader.pages)
    uris = [str(annotation.get_object().get("/A", {}).get("/URI", "")) for page in reader.pages
            for annotation in (page.get("/Annots") or [])]
    assert not [uri for uri in uris if "evil.example" in uri or "lua.vn" in uri or "bit.ly" in uri]
