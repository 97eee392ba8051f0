"""Signals of the legal app.

`reindex_requested` is sent with `pages` (a list of LegalDocumentPage) when documents
must be indexed again although nobody edited them: their computed status changed
because a date passed (see the `legal_refresh_status` command). The search app's
outbox listens to it.
"""

from django.dispatch import Signal

reindex_requested = Signal()
