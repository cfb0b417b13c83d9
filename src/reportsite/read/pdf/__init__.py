"""PDF reading: pages -> lines (pypdfium2) -> layout blocks, ruled tables (pdfplumber) and page images."""
