"""Documents: add one (typed or uploaded), read it by sections, add a language version, edit."""

from __future__ import annotations
