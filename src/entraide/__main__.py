"""The ``entraide`` command: Django's management commands plus ours.

Hyphenated names (``entraide load-reference``) map to the command modules'
underscore names (``load_reference``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "entraide"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's to fix: one line, no traceback.
        sys.stderr.write(f"entraide: configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
