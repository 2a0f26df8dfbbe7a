"""Searching documents in Vietnamese (issue 11, item 6) and their audit log (item 8): with or without tone marks, exact
tones first, numbers and symbols as identifiers, attachment text, the list's permission filter in one query, every
action in the unit's chain, and nothing of a second unit."""

import unicodedata

import pytest
from api_support import gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import incoming_meta, open_registry
from test_search_vietnamese import docx_with, pdf_with

from core.audit import services as audit
from modules.documents.models import BlobText
from modules.documents.services import actions, listing
from modules.documents.services.inputs import AssignmentInput, FileInput
from modules.documents.services.search import matching, search_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        yield people


def _register(people, number, subject, symbol="QĐ-UBND", files=(), **extra):
    return actions.register_incoming(incoming_meta(number=number, symbol=symbol, subject=subject, **extra),
                                     actor=people["clerk"], files=files)


def _found(user, text) -> list[str]:
    return [d.subject for d in search_documents(user, text)]


def test_without_tone_marks_finds_toned_text_and_exact_tones_rank_first(office):
    clerk = office["clerk"]
    _register(office, 1, "Kế hoạch tổ chức văn hóa cơ sở")
    _register(office, 2, "Ngày hội hoa xuân")
    assert _found(clerk, "hoa") == ["Ngày hội hoa xuân", "Kế hoạch tổ chức văn hóa cơ sở"]
    assert _found(clerk, "hóa") == ["Kế hoạch tổ chức văn hóa cơ sở", "Ngày hội hoa xuân"]
    assert _found(clerk, "Hoá")[0] == "Kế hoạch tổ chức văn hóa cơ sở"  # new-style placement, same word
    assert _found(clerk, "VAN HOA CO SO") == ["Kế hoạch tổ chức văn hóa cơ sở"]
    assert _found(clerk, "hoa tang") == []  # every word must be there


def test_text_stored_decomposed_or_new_style_is_found_by_the_usual_spelling(office):
    _register(office, 3, unicodedata.normalize("NFD", "Hướng dẫn phòng bệnh cho người cao tuổi, giữ sức khoẻ"))
    assert len(_found(office["clerk"], "sức khỏe")) == 1
    assert len(_found(office["clerk"], "huong dan")) == 1


def test_document_numbers_are_identifiers(office):
    clerk = office["clerk"]
    _register(office, 12, "Về việc điều chỉnh quy hoạch")
    _register(office, 112, "Về việc phê duyệt dự toán")
    assert _found(clerk, "12/QĐ-UBND") == ["Về việc điều chỉnh quy hoạch"]
    assert _found(clerk, "12/qd-ubnd") == ["Về việc điều chỉnh quy hoạch"]
    assert _found(clerk, "112/qđ-ubnd") == ["Về việc phê duyệt dự toán"]
    assert sorted(_found(clerk, "QĐ-UBND")) == ["Về việc phê duyệt dự toán", "Về việc điều chỉnh quy hoạch"]
    assert _found(clerk, "12/QĐ-UBND quy hoach") == ["Về việc điều chỉnh quy hoạch"]


def test_attachment_text_is_searched_and_kept_apart_from_the_original(office):
    clerk = office["clerk"]
    doc = _register(office, 20, "Công văn đôn đốc", files=(
        FileInput("kh.docx", docx_with("Phương án phòng chống lụt bão năm 2027"), DOCX),
        FileInput("bc.pdf", pdf_with("Báo cáo thiệt hại do mưa đá"), "application/pdf")))
    assert _found(clerk, "phong chong lut bao") == ["Công văn đôn đốc"]
    assert _found(clerk, "mua da") == ["Công văn đôn đốc"]
    texts = list(BlobText.objects.values_list("text", flat=True))
    assert len(texts) == 2 and any("lụt bão" in t for t in texts)
    assert {bytes(a.blob.content)[:4] for a in doc.attachments.all()} == {b"PK\x03\x04", b"%PDF"}  # as received


def test_results_follow_the_list_permission_filter_in_one_query(office):
    _register(office, 30, "Về công tác tuyển sinh")
    _register(office, 31, "Về công tác tuyển sinh mật", confidentiality="mat")
    assert _found(office["specialist"], "tuyen sinh") == []  # nothing routed to them
    assert _found(office["leader"], "tuyen sinh") == ["Về công tác tuyển sinh"]  # not the secret one
    assert len(_found(office["clerk"], "tuyen sinh")) == 2  # the clerk registered both
    list(search_documents(office["leader"], "tuyen"))
    with CaptureQueriesContext(connection) as queries:
        rows = list(search_documents(office["leader"], "tuyen sinh"))
    assert len(rows) == 1 and len(queries) == 1


def test_every_action_goes_into_the_units_audit_chain(office):
    doc = _register(office, 40, "Về việc chuẩn bị Tết")
    actions.present(doc.pk, actor=office["clerk"], leader_id=office["leader"].pk)
    entries = audit.entries_for("documents.document", doc.pk)
    assert [(e.action, e.actor_id, e.object_label) for e in entries] == [
        ("register", office["clerk"].pk, "40/QĐ-UBND"), ("present", office["clerk"].pk, "40/QĐ-UBND")]
    assert entries[1].data["from_status"] == "registered" and entries[1].data["to_status"] == "presented"
    assert audit.verify().ok


def test_a_second_units_documents_are_never_found(unit_a, unit_b):
    people_a, people_b = open_registry(unit_a), open_registry(unit_b)
    with tenant_context(unit_b):
        _register(people_b, 12, "Về việc điều chỉnh quy hoạch")
        assert audit.verify().entries == 1
    with tenant_context(unit_a):
        assert _found(people_a["clerk"], "12/QĐ-UBND") == []
        assert _found(people_b["clerk"], "quy hoach") == []  # B's clerk has no role in A
        assert audit.verify().entries == 0


def test_the_api_list_filter_searches_the_same_way(office, unit_a):
    _register(office, 12, "Về việc điều chỉnh quy hoạch")
    _register(office, 112, "Về việc phê duyệt dự toán")
    client = Client()
    client.force_login(office["clerk"])
    query = "query($s: String) { documents(filter: {search: $s}) { edges { node { numberSymbol } } } }"
    for text, expected in (("12/qd-ubnd", ["12/QĐ-UBND"]), ("quy hoach", ["12/QĐ-UBND"]), ("du toan", ["112/QĐ-UBND"])):
        status, body = gql(client, query, {"s": text}, unit=unit_a)
        assert status == 200 and [e["node"]["numberSymbol"] for e in body["data"]["documents"]["edges"]] == expected


def test_opening_a_document_through_the_api_is_logged(office, unit_a):
    doc = _register(office, 50, "Về việc họp giao ban")
    client = Client()
    client.force_login(office["leader"])
    status, body = gql(client, "query($id: ID!) { document(id: $id) { id } }", {"id": doc.pk}, unit=unit_a)
    assert status == 200 and body["data"]["document"]["id"] == str(doc.pk)
    with tenant_context(unit_a):  # the request leaves the connection on public
        views = [e for e in audit.entries_for("documents.document", doc.pk) if e.action == "view"]
    assert [(e.actor_id, e.object_label) for e in views] == [(office["leader"].pk, "50/QĐ-UBND")]


def test_the_search_page_ranks_a_bounded_set_yet_keeps_exact_tones_and_what_a_specialist_sees(office, settings):
    """core.search.best ranks only EGOV_SEARCH_CANDIDATES matches (here 2): the newest, and the newest with the tones
    typed; a person who sees only routed documents has them looked for among theirs, however old."""
    settings.EGOV_SEARCH_CANDIDATES = 2
    routed = _register(office, 50, "Về công tác dân tộc năm 2020")
    actions.present(routed.pk, actor=office["clerk"], leader_id=office["leader"].pk)
    actions.direct(routed.pk, actor=office["leader"], text="Giao xử lý",
                   assignments=[AssignmentInput("lead", office["specialist"].pk, "", 5)])
    _register(office, 51, "Về việc dẫn tốc độ xe")  # same letters, other tones
    for n in range(52, 56):
        _register(office, n, f"Về việc dan toc số {n}")  # typed without tones, newer
    assert len(_found(office["leader"], "dan toc")) == 2  # the two newest candidates only
    assert _found(office["leader"], "dân tộc") == ["Về công tác dân tộc năm 2020", "Về việc dan toc số 55",
                                                  "Về việc dan toc số 54"]  # the exact tones first, however old
    assert _found(office["specialist"], "dan toc") == ["Về công tác dân tộc năm 2020"]  # oldest, but routed
    # The registers' filter (matching) still finds every match.
    assert len(list(matching(listing.documents_for(office["leader"]), "dan toc"))) == 6
