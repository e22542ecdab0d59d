"""The exchange keeps its private keys and documents encrypted under the master key: a key and a media
root per test."""

from entraide.cases.tests.conftest import _documents_at_rest

__all__ = ["_documents_at_rest"]
