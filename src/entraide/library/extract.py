"""Text extraction from uploaded files (PDF, DOCX, ODT), in a separate process with limits.

The parsing runs in a child Python process (:mod:`.extract_worker`) with a wall-clock timeout
(``ENTRAIDE_EXTRACT_TIMEOUT``), an address-space limit (``ENTRAIDE_EXTRACT_MEMORY_MB``) and a CPU
limit, so a hostile or broken file costs at most that much and never takes the web process down.
Whatever goes wrong, the answer is an :class:`Extracted` without text whose ``problem`` says why:
the file is then kept, marked "no text", and found by its metadata.

Problems are stored in English and translated where they are shown (``{% translate %}``).
"""

from __future__ import annotations

import json
import logging
import math
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extracted:
    text: str
    problem: str = ""


PROBLEMS = {
    "no-text-layer": gettext_noop("no text layer: a scanned image?"),
    "image": gettext_noop("an image has no text layer (no text recognition is done)"),
    "empty": gettext_noop("the file contains no text"),
    "encrypted": gettext_noop("the file is protected by a password"),
    "unsafe-xml": gettext_noop("the document declares XML entities, which are refused"),
    "too-large": gettext_noop("the document's text is too large to extract"),
    "unsupported": gettext_noop("text is not extracted from this type of file"),
    "unreadable": gettext_noop("the file could not be read: it may be damaged"),
    "failed": gettext_noop("text extraction failed"),
}


def _problem(code: str) -> Extracted:
    return Extracted("", PROBLEMS.get(code, PROBLEMS["failed"]))


def extract_text(data: bytes, content_type: str) -> Extracted:
    """The text of a file already checked by :func:`entraide.core.sniff.sniff`, or none and why."""
    if content_type.startswith("image/"):  # no process needed to know there is no text layer
        return _problem("image")
    timeout = settings.ENTRAIDE_EXTRACT_TIMEOUT
    memory_mb = settings.ENTRAIDE_EXTRACT_MEMORY_MB
    command = [
        sys.executable,
        "-m",
        "entraide.library.extract_worker",
        content_type,
        str(memory_mb),
        str(max(1, math.ceil(timeout))),
    ]
    try:
        done = subprocess.run(  # our own interpreter and module; the file goes to stdin
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
            # The child needs none of the parent's secrets (master key, database URL).
            env=_child_environment(),
        )
    except subprocess.TimeoutExpired:
        return Extracted("", f"text extraction took longer than {timeout} s")
    except OSError:
        logger.exception("the text extraction process could not start")
        return _problem("failed")
    if done.returncode != 0:
        if done.returncode == -signal.SIGXCPU:  # past the CPU limit
            return Extracted("", f"text extraction took longer than {timeout} s")
        if b"MemoryError" in done.stderr:
            return Extracted("", f"text extraction needed more than {memory_mb} MB of memory")
        logger.warning(
            "text extraction exited with %s: %s", done.returncode, done.stderr[-2000:].decode(errors="replace")
        )
        return _problem("failed")
    try:
        result = json.loads(done.stdout)
    except ValueError:
        return _problem("failed")
    if "text" in result:
        return Extracted(str(result["text"]))
    code = str(result.get("problem", "failed"))
    if code == "memory":
        return Extracted("", f"text extraction needed more than {memory_mb} MB of memory")
    return _problem(code)


def _child_environment() -> dict[str, str]:
    keep = ("PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "TMPDIR", "HOME")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    environment["PYTHONIOENCODING"] = "utf-8"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment
