"""Findings rules: a named, ordered registry of rules, each turning a document's blocks into draft findings."""
