"""The number and date of issue printed into the signed PDF without breaking the signer's signature (Decree 30/2020
Art. 15-16: numbered and dated at issue, after the signer signed): the draft's "Số:" and date lines get read-only
fields the signer's field lock leaves fillable (MDP level 2), the clerk's issue fills them and the agency's seal
signs the result; pyHanko's validator and poppler's pdfsig keep the signer's signature valid, the verification says
"form filled after signing (allowed)"; anything else changed, or the number changed after the seal (a signed
value rewritten), is flagged."""

import io
import subprocess
from datetime import date

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import HTTPTimeStamper
from signatures_support import AGENCY, SIGNER, TsaServer, decision_pdf, key, make_ca, pdfsig, roots

from modules.signatures import services
from modules.signatures.services import issue_fields

NUMBER = "07/QĐ-UBND"
ISSUED_ON = date(2026, 2, 5)


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def tsa(ca):
    with TsaServer(ca) as server:
        yield server


@pytest.fixture(scope="module")
def signed(ca, tsa):
    return services.sign_pdf(decision_pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")), agency=None,
                             timestamper=HTTPTimeStamper(tsa.url), issue_fields=True)


@pytest.fixture(scope="module")
def issued(ca, tsa, signed):
    return services.seal_pdf(signed, agency=services.Party(AGENCY, key(ca)), timestamper=HTTPTimeStamper(tsa.url),
                             number=NUMBER, issued_on=ISSUED_ON, roots=roots(ca))


def _fields(pdf: bytes) -> dict:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return {str(f.get_object()["/T"]): f.get_object() for f in reader.root["/AcroForm"]["/Fields"]}


def test_the_signer_signs_over_empty_read_only_fields_and_locks_the_rest(ca, signed):
    found = _fields(signed)
    for name in ("SoKyHieu", "NgayBanHanh"):
        assert found[name]["/FT"] == "/Tx" and found[name]["/Ff"] & 1 and str(found[name]["/V"]) == ""
    assert str(found["NgayBanHanh"]["/TU"]).startswith("Thử Nghiệm A, ngày")  # the draft's line, kept to fill
    assert "/V" not in found["ChuKyCoQuan"]  # the seal's field reserved, empty
    lock = found["ChuKyNguoiCoThamQuyen"]["/Lock"]
    assert lock["/Action"] == "/Include" and int(lock["/P"]) == 2  # MDP level 2: form filling and signing only
    assert "SoKyHieu" not in [str(f) for f in lock["/Fields"]] and "ChuKyCoQuan" not in list(lock["/Fields"])
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid" and result.signatures[0].form_filled_after == []


def test_issue_fills_the_number_and_date_and_the_signers_signature_stays_valid(ca, issued, tmp_path):
    found = _fields(issued)
    assert str(found["SoKyHieu"]["/V"]) == f"Số: {NUMBER}"
    assert str(found["NgayBanHanh"]["/V"]) == "Thử Nghiệm A, ngày 05 tháng 02 năm 2026"  # leading zeros, Appendix I
    result = services.verify_pdf(issued, roots=roots(ca))
    assert result.status == "valid" and result.level == "B-LTA"
    signer, seal = result.signatures
    assert signer.ok and signer.form_filled_after == ["NgayBanHanh", "SoKyHieu"]
    assert seal.ok and seal.form_filled_after == []
    lines = services.describe(result.as_dict()["signatures"][0])
    assert "Biểu mẫu được điền sau khi ký (được phép): ngày ban hành, số, ký hiệu" in lines
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued)
    report = pdfsig(path)
    assert report.count("Signature is Valid.") >= 2 and "Signature is Invalid" not in report, report


def test_the_printed_page_shows_the_number_and_date(issued, tmp_path):
    """Rendered by poppler (fields' appearances as a viewer prints them): the filled lines are on the page."""
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued)
    pdfsig(path)  # poppler-utils present (installs it as root when missing)
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(png)], check=True,
                   timeout=60)
    from PIL import Image
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    # The number's field covers the blank line with a white ground and dark text: its box is not empty.
    box = [float(v) for v in _fields(issued)["SoKyHieu"]["/Rect"]]
    scale = 50 / 72
    crop = image.crop((int(box[0] * scale), int(height - box[3] * scale), int(box[2] * scale),
                       int(height - box[1] * scale)))
    assert min(crop.getdata()) < 100 and max(crop.getdata()) > 240


def test_the_number_changed_after_the_seal_is_flagged(ca, issued):
    changed = issue_fields.fill(issued, number="99/QĐ-UBND", issued_on=ISSUED_ON)
    result = services.verify_pdf(changed, roots=roots(ca))
    assert result.status == "modified"
    assert result.signatures[1].modified_after  # a value the seal signed was changed
    assert not result.signatures[0].modified_after  # for the signer it was empty: filling still allowed


def test_content_added_after_the_signer_is_flagged_even_with_fields(ca, signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"BT /F1 9 Tf 9 9 Td (X) Tj ET")))
    out = io.BytesIO()
    writer.write(out)
    result = services.verify_pdf(out.getvalue(), roots=roots(ca))
    assert result.status == "modified" and result.signatures[0].form_filled_after == []


def test_a_draft_without_the_lines_is_signed_as_before(ca, tsa):
    from signatures_support import pdf
    plain = services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")), agency=None,
                              timestamper=HTTPTimeStamper(tsa.url), issue_fields=True)
    reader = PdfFileReader(io.BytesIO(plain), strict=False)
    assert [str(f.get_object()["/T"]) for f in reader.root["/AcroForm"]["/Fields"]] == ["ChuKyNguoiCoThamQuyen"]
    assert issue_fields.fill(plain, number=NUMBER, issued_on=ISSUED_ON) == plain


@pytest.mark.parametrize(("day", "words"), [(date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
                                            (date(2026, 11, 20), "ngày 20 tháng 11 năm 2026"),
                                            (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026")])
def test_dates_are_written_as_appendix_i_says(day, words):
    assert issue_fields.date_words(day) == words
