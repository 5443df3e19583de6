"""Turn a parsed answers document into `Answers`, or into problems a person can act on.

Each problem names the field path (`volume.prompted.cost_per_call_usd`) and says what is
accepted there, in plain words. The checks themselves live with the tables in
`tui.core.models`; this module adds the schema-version gate in front of them.
"""

from __future__ import annotations

from typing import Any

from tui.core.models import SCHEMA_VERSION, Answers, AnswersInvalid, Problem, shown

__all__ = ["AnswersInvalid", "Problem", "check_schema_version", "validate_document"]


def validate_document(document: Any) -> Answers:
    """Validate a parsed TOML document (a dict) and return its answers."""
    if not isinstance(document, dict):
        raise AnswersInvalid([Problem("", "the answers file must be a TOML table of answers")])
    check_schema_version(document)
    return Answers.model_validate(document)


def check_schema_version(document: dict) -> None:
    """Refuse a file of another schema version, naming the version it has."""
    version = document.get("schema_version", SCHEMA_VERSION)
    if type(version) is int and version > SCHEMA_VERSION:
        message = (
            f"this file uses schema version {version}, written by a newer tune-or-prompt; this version "
            f"reads schema version {SCHEMA_VERSION} only. Upgrade tune-or-prompt to open it"
        )
    elif type(version) is not int or version != SCHEMA_VERSION:
        message = f"must be {SCHEMA_VERSION} (the only schema version there is so far), not {shown(version)}"
    else:
        return
    raise AnswersInvalid([Problem("schema_version", message)])
