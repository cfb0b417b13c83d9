"""The link stage: extracts -> linked records (themes, related findings, the comparison, the audit, curation)."""
