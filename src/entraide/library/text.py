"""Text as search sees it: one folding for the index and the query, on SQLite and on PostgreSQL.

Arabic is written with or without its short vowels (harakat), with the tatweel that stretches a
line, and with letter variants that readers take as the same letter (alef with hamza above or
below, with madda, alef wasla for alef; alef maksura for yeh; teh marbuta for heh; waw and yeh
with hamza for waw and yeh). Neither FTS5 nor PostgreSQL's ``arabic`` configuration folds them,
so the library folds every text it indexes and every query it runs here, the same way on both
databases: NFKC, the Arabic variants to their base letter, combining marks dropped (the
harakat, and the accents of Latin letters, so "donnees" finds "données" on PostgreSQL as FTS5's
``remove_diacritics`` does on SQLite), lower case.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

_ARABIC: dict[str | int, str | None] = {
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below -> alef
    "\u0622": "\u0627",  # alef with madda above -> alef
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0649": "\u064a",  # alef maksura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u0624": "\u0648",  # waw with hamza above -> waw
    "\u0626": "\u064a",  # yeh with hamza above -> yeh
    "\u0640": None,  # tatweel
    "\u0670": None,  # superscript alef
    **dict.fromkeys(range(0x064B, 0x0660)),  # harakat, shadda, sukun, hamza marks
}
ARABIC_LETTERS = str.maketrans(_ARABIC)

# A word: letters and digits (what FTS5's unicode61 tokenizer and PostgreSQL's parser keep),
# with the combining marks written on them (harakat, accents), which folding drops.
WORD = re.compile(r"[^\W_][\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]*")
FOLDED_WORD = re.compile(r"[^\W_]+")


@cache
def _marks() -> dict[int, None]:
    """Every combining mark (category Mn), to delete with ``str.translate``."""
    return dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn")


def fold(text: str) -> str:
    """``text`` folded for search: NFKC, Arabic letter variants and marks, accents, case."""
    if text.isascii():  # NFKC changes no ASCII text
        return text.lower().replace("\x00", " ")
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = unicodedata.normalize("NFD", text.translate(ARABIC_LETTERS)).translate(_marks())
        text = unicodedata.normalize("NFC", text)
    return text.casefold().replace("\x00", " ")


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return FOLDED_WORD.findall(fold(text))
