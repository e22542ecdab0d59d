"""Whole-project checks: the console script, the OpenAPI schema, error pages, deploy settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def entraide(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entraide", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_console_script_maps_hyphenated_commands():
    result = entraide("compile-catalogues", ENTRAIDE_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "compiled" in result.stdout


def test_configuration_error_is_one_line_without_traceback():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENTRAIDE_SECRET_KEY")}
    env.update(ENTRAIDE_DEBUG="0", ENTRAIDE_DEMO="0")
    env.pop("ENTRAIDE_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "entraide", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("entraide: configuration error: ENTRAIDE_SECRET_KEY")
    assert "Traceback" not in result.stderr


def test_bad_boolean_in_environment_is_named():
    result = entraide("check", ENTRAIDE_DEBUG="maybe")
    assert result.returncode == 2
    assert "ENTRAIDE_DEBUG must be a boolean" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("k" * 20 + "-Production-Secret-" + "z" * 30)
    result = entraide(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ENTRAIDE_SECRET_KEY_FILE=str(secret),
        ENTRAIDE_HTTPS="1",
        ENTRAIDE_DEBUG="0",
        ENTRAIDE_DEMO="0",
        ENTRAIDE_STATIC_FROM_FINDERS="0",
        ENTRAIDE_ALLOWED_HOSTS="entraide.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_openapi_schema_is_valid(users, client_for):
    response = client_for(users.officer).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["paths"]


def test_api_needs_a_signed_in_user():
    response = Client().get(reverse("api-audit-event-list"))
    assert response.status_code == 403


def test_unknown_page_is_a_friendly_404(users, client_for):
    response = client_for(users.officer).get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_health_check():
    response = Client().get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_security_headers(users, client_for):
    response = client_for(users.officer).get(reverse("core:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_readme_documents_every_environment_variable():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    used = set()
    for path in (root / "src" / "entraide").rglob("*.py"):
        if "tests" in path.parts or "testing" in path.parts:
            continue
        used |= set(re.findall(r'env(?:bool|int|secret)?\(\s*"((?:ENTRAIDE_|DATABASE_)\w+)"', path.read_text()))
    missing = sorted(name for name in used if name not in readme)
    assert used, "no environment variables found: the pattern is wrong"
    assert not missing, f"README lacks {missing}"
