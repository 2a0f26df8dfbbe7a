"""The kernel's Vietnamese text handling (core.search), without a database: one spelling per word on ingest (NFC and
the traditional tone placement), folding for tone-less typing, document numbers and codes kept whole, the weights of
the vector, the query's two parts, and the text of PDF and DOCX attachments."""

import io
import unicodedata
import zipfile

import pytest

from core.search import build_vector, extract_text, fold, normalize, parse_query, tokenize
from core.search.extract import DOCX, PDF


@pytest.mark.parametrize(("raw", "expected"), [
    ("Hoá", "Hóa"),                                   # new-style placement -> the traditional one
    ("Hóa", "Hóa"),
    (unicodedata.normalize("NFD", "Hoá"), "Hóa"),     # decomposed input
    (unicodedata.normalize("NFD", "Quyết định"), "Quyết định"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("thuỷ lợi", "thủy lợi"),
    ("tuỳ ý", "tùy ý"),
    ("quý", "quý"),                                   # qu + y: the tone stays on y
    ("Hoàng", "Hoàng"),                               # a final consonant: the tone on the second vowel
    ("hòang", "hoàng"),
    ("khuỳnh", "khuỳnh"),
    ("Đắk Lắk", "Đắk Lắk"),
])
def test_normalize_gives_one_spelling(raw, expected):
    assert normalize(raw) == expected
    assert unicodedata.is_normalized("NFC", normalize(raw))


@pytest.mark.parametrize(("raw", "expected"), [
    ("Quyết định", "quyet dinh"), ("Đà Nẵng", "da nang"), ("đ Đ", "d d"), ("Hoá", "hoa"), ("Hóa", "hoa"),
    (unicodedata.normalize("NFD", "Thừa Thiên Huế"), "thua thien hue"),
])
def test_fold_removes_every_mark_and_dd(raw, expected):
    assert fold(raw) == expected


def test_document_numbers_and_codes_stay_whole_identifiers():
    kinds = {(t.kind, t.exact) for t in tokenize("Số 12/QĐ-UBND, hồ sơ 000.00.01.H42-260101-0001.")}
    assert ("identifier", "12/qd-ubnd") in kinds
    assert ("identifier", "qd-ubnd") in kinds  # the symbol alone
    assert ("identifier", "000.00.01.h42-260101-0001") in kinds
    assert ("word", "ubnd") in kinds and ("word", "qđ") in kinds  # its parts are words too
    assert [t.exact for t in tokenize("12/qd-ubnd", query=True)] == ["12/qd-ubnd"]
    assert tokenize("05/QĐ-UBND")[0].exact == tokenize("5/qđ-ubnd")[0].exact  # padding does not matter


def test_vector_weights_identifiers_exact_and_folded_words():
    vector = build_vector(["Quyết định 12/QĐ-UBND"])
    assert "'12/qd-ubnd':3A" in vector
    assert "'quyết':1B" in vector and "'quyet':1C" in vector
    assert "'ubnd':7B" in vector and "'ubnd':7C" not in vector  # no folded copy when folding changes nothing


def test_query_matches_folded_and_ranks_as_typed():
    query = parse_query("Hoá đơn 12/QĐ-UBND")
    assert query.match == "'hoa' & 'don' & '12/qd-ubnd'"
    assert query.rank == "'hóa' | 'đơn' | '12/qd-ubnd'"
    assert not parse_query("  ,.; ")


def docx_with(*paragraphs: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
                                        f"<w:body>{body}</w:body></w:document>")
    return out.getvalue()


def pdf_with(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def test_text_of_a_docx():
    text = extract_text(docx_with("Kế hoạch phòng chống lụt bão", "năm 2026"), DOCX)
    assert text == "Kế hoạch phòng chống lụt bão\nnăm 2026"


def test_text_of_a_pdf():
    text = extract_text(pdf_with("Báo cáo tình hình kinh tế xã hội"), PDF)
    assert "Báo cáo tình hình kinh tế xã hội" in normalize(text)


def test_unreadable_or_other_files_give_no_text():
    assert extract_text(b"%PDF-1.7 broken", PDF) == ""
    assert extract_text(b"PK\x03\x04 broken", DOCX) == ""
    assert extract_text(b"\x89PNG\r\n\x1a\n", "image/png") == ""
