"""The Textual wizard: a thin shell over `tui.core` (imported only when the wizard starts)."""
