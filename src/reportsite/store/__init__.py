"""Storage: extract YAML, the catalogue, the extraction cache and the permalink ledger."""
