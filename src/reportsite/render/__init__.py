"""The render stage: linked records -> Markdown pages and data files in a docs folder."""
