"""The build stage: a docs folder -> site/ through MkDocs, swapped in whole, with redirects for retired ids."""
