"""Test support shared by every app: named users, factories, tenancy assertions."""
