"""The theme taxonomy (sources/themes.yml) and the rule that gives records their themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str = ""
    area: str = ""
    kpis: tuple[str, ...] = ()
    terms: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]


def load_taxonomy(path: Path) -> Taxonomy | None:
    return None


def assign_themes(text: str, taxonomy: Taxonomy) -> tuple[list[str], dict[str, list[str]]]:
    return [], {}
