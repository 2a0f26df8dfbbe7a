"""Vietnamese identifiers, checked the same way as forms-runtime.js checks them in the browser (verdict parity is
tested): each check answers None when the value is acceptable, else the message code.

- Personal identification number (số định danh cá nhân, on the CCCD card), Circular 59/2021/TT-BCA Art. 7: 12 digits =
  3-digit code of the province where the birth was registered (its appendix) + 1 digit century and sex (0/1: 20th
  century male/female, 2/3: 21st, 4/5: 22nd, ...) + last 2 digits of the year of birth + 6 random digits. A living
  person was born in the 20th or 21st century: the digit is 0-3.
- Tax code (mã số thuế), Circular 105/2020/TT-BTC Art. 5: 10 digits whose tenth is the check digit
  10 - (31 d1 + 29 d2 + 23 d3 + 19 d4 + 17 d5 + 13 d6 + 7 d7 + 5 d8 + 3 d9) mod 11 (a result of 10 is never issued);
  13 digits (a branch: the 10 digits, then 001-999), written with or without the hyphen.
- Phone: mobile 0 + 3/5/7/8/9 + 8 digits; landline 02 + 9 digits (area codes since 2017); +84 for the leading 0;
  spaces, dots and hyphens between digits are ignored.
"""

import re
from datetime import date

CCCD = re.compile(r"^[0-9]{12}$")
TAX_CODE = re.compile(r"^([0-9]{10})(?:-?([0-9]{3}))?$")
MOBILE = re.compile(r"^0[35789][0-9]{8}$")
LANDLINE = re.compile(r"^02[0-9]{9}$")
EMAIL = re.compile(r"^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$")
DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def check_cccd(value: str, provinces) -> str | None:
    if not CCCD.match(value):
        return "INVALID_CCCD"
    if value[:3] not in provinces:
        return "CCCD_PROVINCE"
    if value[3] not in "0123":
        return "CCCD_CENTURY"
    return None


def cccd_birth_year(value: str) -> int | None:
    """The year of birth a well-formed number states."""
    if not CCCD.match(value) or value[3] not in "0123456789":
        return None
    return 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])


def cccd_agrees_with_birth(value, birth) -> bool:
    """True when either is missing or malformed (their own checks report that), or the years agree."""
    if not isinstance(value, str) or not isinstance(birth, str):
        return True
    year, parsed = cccd_birth_year(value), DATE.match(birth)
    if year is None or parsed is None:
        return True
    return year == int(parsed.group(1))


def tax_check_digit(first9: str) -> int:
    return 10 - sum(int(d) * w for d, w in zip(first9, TAX_WEIGHTS, strict=True)) % 11


def check_tax_code(value: str) -> str | None:
    matched = TAX_CODE.match(value)
    if not matched:
        return "INVALID_TAX_CODE"
    base, branch = matched.groups()
    if tax_check_digit(base[:9]) != int(base[9]) or branch == "000":
        return "TAX_CODE_CHECKSUM"
    return None


def phone_digits(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value)
    return "0" + digits[3:] if digits.startswith("+84") else digits


def check_phone(value: str) -> str | None:
    digits = phone_digits(value)
    return None if MOBILE.match(digits) or LANDLINE.match(digits) else "INVALID_PHONE"


def check_email(value: str) -> str | None:
    return None if len(value) <= 254 and EMAIL.match(value) else "INVALID_EMAIL"


def parse_date(value: str) -> date | None:
    matched = DATE.match(value)
    if not matched:
        return None
    try:
        return date(*(int(g) for g in matched.groups()))
    except ValueError:
        return None


def check_date(value: str) -> str | None:
    return None if parse_date(value) else "INVALID_DATE"
