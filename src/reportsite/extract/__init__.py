"""The extract stage: blocks to records (findings, tables, figures, numbers, glossary)."""

from .pipeline import extract_report

__all__ = ["extract_report"]
