"""tune-or-prompt: decide, with numbers, whether to fine-tune a smaller model or keep prompting."""

__version__ = "0.1.0"
