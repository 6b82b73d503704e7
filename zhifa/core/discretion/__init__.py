"""Discretion engine (see INTERFACE.md)."""
