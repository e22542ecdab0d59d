"""Text extraction from uploaded files (PDF, DOCX, ODT), in a separate process with limits.

(Placeholder: the extraction process is written next; until then a file is kept without text.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str
    problem: str = ""


def extract_text(data: bytes, content_type: str) -> Extracted:
    return Extracted("", "text extraction is not available yet")
