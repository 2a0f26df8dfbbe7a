"""Password rules beyond Django's own validators: passwords common in Vietnam (common_passwords_vi.txt)."""

from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST = Path(__file__).with_name("common_passwords_vi.txt")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _folded(password: str) -> str:
    """Lower case without spaces, dots, dashes or underscores: "Mat-Khau 123" is "matkhau123"."""
    return "".join(c for c in password.lower() if c not in " .-_")


class VietnameseCommonPasswordValidator:
    def validate(self, password, user=None):
        if password.lower().strip() in _common() or _folded(password) in _common():
            raise ValidationError(_("Mật khẩu này quá phổ biến."), code="password_too_common")

    def get_help_text(self):
        return _("Mật khẩu không được là mật khẩu phổ biến ở Việt Nam.")
