"""The shipped treaty texts, by article: every article has its own address."""

from __future__ import annotations
