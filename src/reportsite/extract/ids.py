"""Record ids: <report-id>/<slug>, derived from content, unique, and the same on every run."""

from __future__ import annotations

from slugify import slugify

from reportsite.settings import SETTINGS


def slug(text: str, max_length: int = 60) -> str:
    """A URL-safe slug of the first words of text ('Agility and responsiveness' -> 'agility-and-responsiveness')."""
    full = slugify(" ".join(text.split()[: SETTINGS.extract.slug_max_words]))
    if len(full) > max_length:
        # Cut at the last whole word that fits, so a slug never skips a word and keeps a later one.
        cut = full[: max_length + 1].rsplit("-", 1)[0]
        full = cut if cut else full[:max_length]
    return full or "untitled"


class IdAllocator:
    """Hands out ids within one report; a repeat gets -2, -3 in reading order, so runs agree."""

    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        self.used: set[str] = set()

    def take(self, stem: str) -> str:
        base = f"{self.report_id}/{stem}"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate
