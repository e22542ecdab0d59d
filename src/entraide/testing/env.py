"""Loaded by pytest before Django (``-p entraide.testing.env``): test-run defaults.

Values already in the environment win, so CI can point DATABASE_URL at PostgreSQL.
"""

import os

os.environ.setdefault("ENTRAIDE_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ENTRAIDE_HTTPS", "0")
os.environ.setdefault("ENTRAIDE_DEMO", "0")
os.environ.setdefault("ENTRAIDE_REQUIRE_MFA", "1")
os.environ.setdefault("ENTRAIDE_STATIC_FROM_FINDERS", "1")
os.environ.setdefault("ENTRAIDE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# A fixed, test-only Ed25519 key that signs the audit chain's head (never used outside tests).
os.environ.setdefault("ENTRAIDE_AUDIT_SIGNING_KEY", "dGVzdC1vbmx5LWF1ZGl0LXNpZ25pbmcta2V5LTMyYiE")

# The suite reads the compiled catalogues: bring them up to date first.
from pathlib import Path

from entraide.core.catalogues import compile_catalogues

compile_catalogues([Path(__file__).resolve().parent.parent / "locale"], only_stale=True)
