"""Text normalised on ingest and on query, so that one word has one spelling.

- Unicode NFC: a decomposed "Hoá" (NFD, from macOS or some scanners) equals the composed one.
- One tone-placement convention: the traditional one (kiểu cũ), used by Decree 30's own examples and most
  administrative texts: in the open syllables "oa", "oe", "uy" the tone sits on the first vowel ("hóa", "khỏe",
  "thủy"); with a final consonant on the second ("hoàng", "khoét", "khuỳnh"). So "Hoá" (kiểu mới) becomes "Hóa".
  "qu" + "y" keeps the tone on "y" ("quý"): the "u" belongs to the consonant.
- `fold`: no tone or other marks at all, "đ" -> "d", lower case: what a person types without Vietnamese input.
"""

import re
import unicodedata
from functools import lru_cache

# Combining tone marks: huyền, sắc, ngã, hỏi, nặng. Other marks (ă, â, ê, ô, ơ, ư) belong to the letter.
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_LETTERS = re.compile(r"[^\W\d_]+")
_OPEN_CLUSTER = re.compile(r"([bcdđghklmnpqrstvx]*)(oa|oe|uy)([cghmnpt]*)")


def _split_tone(ch: str) -> tuple[str, str]:
    marks = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in marks if c in TONES)
    if not tone:
        return ch, ""
    return unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES)), tone


@lru_cache(maxsize=100_000)  # Vietnamese has some 7,000 syllables in use: each is worked out once
def _place_tone(word: str) -> str:
    parts = [_split_tone(ch) for ch in word]
    toned = [i for i, (_base, tone) in enumerate(parts) if tone]
    if len(toned) != 1:
        return word
    bases = "".join(base for base, _tone in parts)
    found = _OPEN_CLUSTER.fullmatch(bases.lower())
    if not found or found.group(1).endswith("q"):
        return word
    target = len(found.group(1)) + (1 if found.group(3) else 0)
    if target == toned[0]:
        return word
    tone = parts[toned[0]][1]
    letters = [base for base, _tone in parts]
    letters[target] = unicodedata.normalize("NFC", letters[target] + tone)
    return "".join(letters)


def normalize(text: str) -> str:
    """NFC with the traditional tone placement; case and everything else kept."""
    return _LETTERS.sub(lambda m: _place_tone(m.group()), unicodedata.normalize("NFC", text or ""))


def fold(text: str) -> str:
    """Lower case without any mark: "Quyết định" -> "quyet dinh", "Đà Nẵng" -> "da nang"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).lower()
