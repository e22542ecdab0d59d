"""The texts of the treaty data the engine shows are all listed for the catalogues."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_data_messages_module_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "data_messages.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
