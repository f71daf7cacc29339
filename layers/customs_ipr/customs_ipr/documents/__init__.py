"""Parsing uploaded PDFs: goods declarations (报关单) and rights holders' written replies.

The entry points are in :mod:`customs_ipr.documents.parsing` (``parse_document``,
``parse_declaration``, ``parse_reply``); every failure is a
:class:`~customs_ipr.documents.errors.DocumentError`. This package module imports nothing,
so its modules import each other without a circle through it.
"""
