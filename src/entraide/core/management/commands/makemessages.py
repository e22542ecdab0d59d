"""Django's makemessages without fuzzy matching: a new string starts empty, never with a
guessed translation of a similar one that a translator might not notice."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
