"""Data files shipped with the core (the fine-tuning price table)."""
