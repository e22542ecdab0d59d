"""Date formats per language (FORMAT_MODULE_PATH): day, month as a word, year; 24-hour time without
seconds. One format per language, never a digits-only date that reads differently across countries
(12/03/2026). Input formats stay Django's per locale."""
