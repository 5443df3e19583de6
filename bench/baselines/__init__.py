"""Bare Textual apps the wizard is measured against."""
