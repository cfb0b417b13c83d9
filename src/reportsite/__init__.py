"""reportsite: assessment reports to a cross-linked static website."""

__version__ = "0.1.0"
