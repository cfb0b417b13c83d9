"""The read stage: a document file -> blocks (heading, paragraph, list item, table, caption), each with its place."""
