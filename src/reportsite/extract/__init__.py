"""The extract stage: blocks -> records (findings, tables, figures, numbers, glossary) of one report."""
