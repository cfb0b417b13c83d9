"""The comparison's statuses: their ids (as sources/curation.yml writes them) and what a reader sees."""

from __future__ import annotations

STATUS_LABELS = {
    "persisting": "Persisting",
    "improved": "Improved",
    "sustained": "Strength sustained",
    "new": "New concern",
    "resolved": "Resolved",
    "unknown": "Not enough evidence",
}
STATUSES = tuple(STATUS_LABELS)
