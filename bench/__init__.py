"""Benchmarks of tune-or-prompt against bare baselines measured in the same run (`python -m bench`)."""
