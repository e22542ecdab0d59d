"""Loading the quality rules shipped in ``data/drafting/quality-rules.yaml`` (idempotent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from entraide.audit.services import record

from ..checks import TESTS
from ..models import QualityRule, Severity

LANGUAGES = ("en", "fr", "es", "pt", "ar")
RULE_FIELDS = (
    "source_instrument",
    "source_article",
    "source_text",
    "field",
    "test",
    "params",
    "modalities",
    "directions",
    "severity",
    "messages",
)


class RulesFileError(ValueError):
    """The rules file is not what the loader expects; the message names the rule and the key."""


def _checked(row: dict[str, Any], as_at: dt.date) -> dict[str, Any]:
    code = row.get("code") or "?"
    missing = [
        key for key in ("code", "source_instrument", "field", "test", "severity", "messages") if not row.get(key)
    ]
    if missing:
        raise RulesFileError(f"rule {code}: missing {', '.join(missing)}")
    if row["test"] not in TESTS:
        raise RulesFileError(f"rule {code}: unknown test {row['test']!r} (known: {', '.join(sorted(TESTS))})")
    if row["severity"] not in Severity.values:
        raise RulesFileError(f"rule {code}: severity must be one of {', '.join(Severity.values)}")
    absent = [lang for lang in LANGUAGES if not row["messages"].get(lang)]
    if absent:
        raise RulesFileError(f"rule {code}: no message in {', '.join(absent)}")
    values = {key: row.get(key) if row.get(key) is not None else "" for key in RULE_FIELDS}
    for key in ("params",):
        values[key] = row.get(key) or {}
    for key in ("modalities", "directions"):
        values[key] = row.get(key) or []
    values["as_at"] = as_at
    return values


@transaction.atomic
def quality_rules_load(*, actor: Any = None, path: Path | None = None) -> dict[str, int]:
    """Create or update every rule of the file; rules no longer in it are deactivated, not deleted."""
    path = path or Path(settings.DATA_DIR) / "drafting" / "quality-rules.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesFileError(f"{path}: {exc}") from exc
    as_at = data.get("as_at")
    if not isinstance(as_at, dt.date):
        raise RulesFileError(f"{path}: as_at must be a date")
    rows = [_checked(row, as_at) for row in data.get("rules") or []]
    codes = [row["code"] for row in data["rules"]]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RulesFileError(f"{path}: rules listed twice: {', '.join(duplicates)}")
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deactivated": 0}
    existing = {rule.code: rule for rule in QualityRule.objects.all()}
    for code, values in zip(codes, rows, strict=True):
        rule = existing.get(code)
        if rule is None:
            QualityRule.objects.create(code=code, active=True, **values)
            counts["created"] += 1
        elif any(getattr(rule, k) != v for k, v in values.items()) or not rule.active:
            for key, value in values.items():
                setattr(rule, key, value)
            rule.active = True
            rule.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    counts["deactivated"] = QualityRule.objects.filter(active=True).exclude(code__in=codes).update(active=False)
    record(actor, "drafting.quality-rules-loaded", detail={"file": path.name, **counts})
    return counts
