"""The signature settings the ICT department sets, each read through core.env (listed by `egov config`)."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from core.env import env, env_bool


def keys_dir() -> Path | None:
    value = env("EGOV_SIGNING_KEYS_DIR", "", "Thư mục khóa ký dạng PKCS#12 (phát triển): <mã đơn vị>/agency.p12 cho dấu "
                "cơ quan, <mã đơn vị>/<tên đăng nhập>.p12 cho người ký. / PKCS#12 signing keys (development): "
                "<unit code>/agency.p12 for the agency's seal, <unit code>/<username>.p12 for each signer.")
    return Path(value) if value else None


def dev_passphrase() -> str:
    return env("EGOV_SIGNING_PASSPHRASE", "", "Mật khẩu các tệp PKCS#12 trong EGOV_SIGNING_KEYS_DIR. / The "
               "passphrase of the PKCS#12 files in EGOV_SIGNING_KEYS_DIR.") or ""


def remote_service() -> str:
    return env("EGOV_SIGNING_REMOTE", "", "Đường dẫn Python tới lớp kết nối dịch vụ ký số từ xa (ký trên giá trị "
               "băm); khi đặt, người ký dùng khóa của dịch vụ này (mã khóa = tên đăng nhập). / Dotted path of the "
               "remote-signing adapter class (hash signing); when set, signers' keys are the service's "
               "(credential id = username).") or ""


def trust_roots_dir() -> Path | None:
    value = env("EGOV_SIGNING_TRUST_ROOTS", "", "Thư mục chứng thư gốc tin cậy (.pem, .crt, .cer) dùng để kiểm tra "
                "chữ ký số: CA chuyên dùng Chính phủ, CA công cộng được cấp phép. / Directory of trusted root "
                "certificates (.pem, .crt, .cer) signatures are verified against.")
    return Path(value) if value else None


def fetch_revocation() -> bool:
    return env_bool("EGOV_SIGNING_FETCH_REVOCATION", True, "Tra cứu OCSP/CRL khi kiểm tra chữ ký (cần mạng ra ngoài). "
                    "/ Fetch OCSP responses and CRLs when verifying signatures (needs outbound network).")


def pkcs11_library() -> str:
    return env("EGOV_SIGNING_PKCS11_LIBRARY", "", "Thư viện PKCS#11 của HSM/token giữ khóa dấu cơ quan; khi đặt, dấu "
               "cơ quan ký bằng khóa nhãn `seal` trên token mang nhãn là mã đơn vị. / The PKCS#11 library of the HSM "
               "or token holding the agencies' seal keys (key label `seal`, token label: the unit's code).") or ""


def pkcs11_signers() -> bool:
    return env_bool("EGOV_SIGNING_PKCS11_SIGNERS", False, "Khóa của người ký cũng nằm trên HSM/token PKCS#11 của đơn vị "
                    "(nhãn khóa = tên đăng nhập). / Signers' keys are on the unit's PKCS#11 HSM/token too (key label: "
                    "the username).")


def pkcs11_pin() -> str:
    return env("EGOV_SIGNING_PKCS11_PIN", "", "Mã PIN người dùng của token PKCS#11. / The PKCS#11 token's user PIN.") or ""


def revocation_timeout() -> float:
    value = env("EGOV_SIGNING_REVOCATION_TIMEOUT", "5", "Số giây chờ tối đa mỗi lần tra OCSP/CRL; quá hạn thì tình trạng "
                "thu hồi ghi là chưa kiểm tra được. / Seconds to wait for each OCSP/CRL fetch; past it, revocation is "
                "reported as not checked.")
    try:
        return max(0.5, float(value))
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"EGOV_SIGNING_REVOCATION_TIMEOUT={value!r}: cần một số giây / seconds") from exc


def pades_level() -> str:
    value = env("EGOV_SIGNING_PADES_LEVEL", "B-LTA", "Mức PAdES của văn bản đã đóng dấu cơ quan: B-T (dấu thời gian), "
                "B-LT (nhúng chứng thư, CRL/OCSP), B-LTA (thêm dấu thời gian tài liệu). / PAdES level of a sealed "
                "document: B-T, B-LT (validation data embedded) or B-LTA (plus a document timestamp).")
    level = (value or "B-LTA").strip().upper()
    if level not in ("B-T", "B-LT", "B-LTA"):
        raise ImproperlyConfigured(f"EGOV_SIGNING_PADES_LEVEL={value!r}: B-T, B-LT hoặc/or B-LTA")
    return level
