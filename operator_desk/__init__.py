"""Operator Desk: a softphone for call-centre operators serving many client companies."""

__version__ = "0.1.0"
