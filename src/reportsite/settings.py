"""The tunables of reading, extraction and linking, in one validated object with defaults.

Every distance, word limit and threshold a rule uses is a field here, with what it means; an unknown or
out-of-range setting is an error naming it. Modules read ``SETTINGS``; tests and tools may build their
own with ``Settings.model_validate({...})``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PdfSettings(_Section):
    margin_band: float = Field(0.1, gt=0, lt=0.5)
    """Running headers and footers live in this share of the page height at the top and the bottom."""
    parallel_tables_from_pages: int = Field(8, ge=1)
    """pdfplumber's layout analysis is most of a long PDF's reading time; below this many ruled pages,
    starting worker processes costs more than it saves."""


class ExtractSettings(_Section):
    slug_max_words: int = Field(8, ge=1)
    """Words of a title or text kept in a record's id."""
    caption_max_chars: int = Field(150, ge=20)
    """A short line without a full stop just above a table may be its caption; longer is prose."""
    figure_dpi: int = Field(150, ge=36, le=600)
    """Resolution of a figure's image cropped from its PDF page."""
    figure_caption_distance: float = Field(400.0, gt=0)
    """How far from the caption (in points) a picture may stand and still be the captioned one."""
    figure_drawing_gap: float = Field(24.0, gt=0)
    """A chart drawn in strokes (no picture object) begins within this many points of its caption, and
    none of its strokes is further than this from the next."""


class FindingSettings(_Section):
    lead_min_words: int = Field(3, ge=1)
    lead_max_words: int = Field(8, ge=1)
    """A lead phrase ('Agility and responsiveness: ...') that titles an unlabelled item has this many words."""
    heading_max_words: int = Field(6, ge=1)
    """A heading naming a list ('Strengths', 'Areas for improvement') is at most this long."""
    list_min_items: int = Field(3, ge=2)
    list_item_max_words: int = Field(30, ge=1)
    """An inline list ('... in A, B, and C') has at least list_min_items items of at most this many words."""
    callout_max_words: int = Field(40, ge=1)
    """A callout under a results heading is short; a longer paragraph is read sentence by sentence."""
    headline_max_words: int = Field(25, ge=1)
    """A one-sentence paragraph heading a block of a summary section is at most this long."""
    body_min_words: int = Field(12, ge=1)
    """A body paragraph says something of its own; a shorter line under a headline is a stray caption or
    page furniture."""
    body_title_max_words: int = Field(15, ge=1)
    body_lead_max_words: int = Field(12, ge=1)
    body_cut_words: int = Field(10, ge=1)
    """A body paragraph is titled by its first sentence up to body_title_max_words, else by its lead phrase
    up to body_lead_max_words, else by its first body_cut_words words marked as cut."""
    cue_title_max_words: int = Field(10, ge=1)
    short_title_words: int = Field(12, ge=1)
    """A label's own line ('Recommendation 2: Strengthen ...') of at most this many words is a title."""
    topic_max_words: int = Field(6, ge=1)
    topic_min_rest_words: int = Field(12, ge=1)
    topic_min_series: int = Field(2, ge=1)
    """'Gender. IOM has ...': a topic of at most topic_max_words words, then a body of at least
    topic_min_rest_words, in a series of at least topic_min_series such paragraphs."""
    numbered_min_words: int = Field(12, ge=1)
    """A numbered paragraph ('5. ...') shorter than this is a list entry or a heading, not a point."""

    @model_validator(mode="after")
    def _ordered(self) -> FindingSettings:
        if self.lead_min_words > self.lead_max_words:
            raise ValueError("lead_min_words must not exceed lead_max_words")
        return self


class LinkSettings(_Section):
    max_related: int = Field(5, ge=0)
    """Related findings shown on a finding page."""
    theme_weight: float = Field(0.15, ge=0)
    other_cycle_bonus: float = Field(1.5, ge=1)
    """A related finding from the other assessment cycle scores this many times more."""
    min_related_score: float = Field(0.12, ge=0, le=1)
    max_word_postings: int = Field(300, ge=1)
    """A word or theme used by more findings than this is too common to find related findings by; it still
    counts in the score of those found by rarer ones. A fixed number, not a share of the findings, so the
    cost of each finding stays the same however many reports the site holds."""


class AuditSettings(_Section):
    share_range: tuple[float, float] = (90.0, 110.0)
    """A column of percentages summing outside this range is read as one ratio per row, each of its own
    whole ("as a % of the donor's total"), not as a split of one whole; a real split is never that far off."""
    similar_subjects: float = Field(0.6, ge=0, le=1)
    similar_context: float = Field(0.3, ge=0, le=1)
    """Two figures are the same claim when their subjects and their sentences are this similar."""
    pairwise_limit: int = Field(64, ge=2)
    """Figures of one subject, unit and year are compared pair by pair up to this many; beyond it, only
    those whose sentences share a word few of them use."""


class Settings(_Section):
    pdf: PdfSettings = PdfSettings()
    extract: ExtractSettings = ExtractSettings()
    findings: FindingSettings = FindingSettings()
    link: LinkSettings = LinkSettings()
    audit: AuditSettings = AuditSettings()


SETTINGS = Settings()
