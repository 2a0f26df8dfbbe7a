"""Helpers of the exchange tests: envelopes made quickly, a test certificate for XML signatures."""

import datetime as dt
import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from modules.documents.edxml import Attachment, Business, Envelope, Party, ResponseFor, Trace

HN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROVINCE = Party("000.00.00.H42", "UBND tỉnh Nghệ An", address="16 Trường Thi, Vinh")


def envelope(to: str = "000.00.31.H42", files=((("quyet-dinh.pdf", PDF),)), **extra) -> Envelope:
    return Envelope(
        sender=extra.pop("sender", PROVINCE), recipients=[Party(to, "Sở Nội vụ")], code_number="12",
        code_notation="QĐ-UBND", promulgation_date=date(2026, 11, 18), place="Nghệ An",
        subject=extra.pop("subject", "Về việc kiện toàn Ban Chỉ đạo chuyển đổi số"), type_name="Quyết định",
        content="Kiện toàn Ban Chỉ đạo", signer_competence="KT.", signer_position="Phó Chủ tịch",
        signer_name="Nguyễn Văn Đệ", due_date=date(2026, 11, 30), to_places=["Sở Nội vụ", "Lưu: VT"], priority=1,
        page_amount=2, appendixes=["Danh sách thành viên"], steering_type=1,
        response_for=[ResponseFor("000.00.31.H42", "05/SNV-VP", date(2026, 11, 2), "000.00.31.H42,2026/11/02,05/SNV-VP")],
        business=extra.pop("business", Business(0, "Văn bản mới", staff="Lê Thị Văn Thư", department="Văn phòng")),
        traces=[Trace("000.00.00.H42", datetime(2026, 11, 18, 9, 30, tzinfo=HN))],
        attachments=[Attachment(name, "application/pdf", "Tệp văn bản", data=data) for name, data in files],
        **extra)


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def make_certificate(common_name: str = "UBND tinh Nghe An") -> tuple[bytes, bytes]:
    """(private key PEM, self-signed certificate PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(dt.datetime(2026, 1, 1))
            .not_valid_after(dt.datetime(2028, 1, 1)).sign(key, hashes.SHA256()))
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()), cert.public_bytes(serialization.Encoding.PEM))
