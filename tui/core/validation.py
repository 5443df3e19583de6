"""Turn a parsed answers document into `Answers`, or into problems a person can act on.

Each problem names the field path (`volume.prompted.cost_per_call_usd`) and says what is
accepted there, in plain words rather than pydantic's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from tui.core.models import SCHEMA_VERSION, Answers


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class AnswersInvalid(Exception):
    """The document is not a valid assessment; `problems` says why, field by field."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def validate_document(document: Any) -> Answers:
    """Validate a parsed TOML document (a dict) and return its answers."""
    if not isinstance(document, dict):
        raise AnswersInvalid([Problem("", "the answers file must be a TOML table of answers")])
    check_schema_version(document)
    try:
        return Answers.model_validate(document)
    except ValidationError as error:
        raise AnswersInvalid(problems_from(error)) from None


def check_schema_version(document: dict) -> None:
    """Refuse a file of another schema version, naming the version it has."""
    version = document.get("schema_version", SCHEMA_VERSION)
    if type(version) is int and version > SCHEMA_VERSION:
        message = (
            f"this file uses schema version {version}, written by a newer tune-or-prompt; this version "
            f"reads schema version {SCHEMA_VERSION} only. Upgrade tune-or-prompt to open it"
        )
    elif type(version) is not int or version != SCHEMA_VERSION:
        message = f"must be {SCHEMA_VERSION} (the only schema version there is so far), not {_shown(version)}"
    else:
        return
    raise AnswersInvalid([Problem("schema_version", message)])


def problems_from(error: ValidationError) -> list[Problem]:
    """Plain-language problems for each error pydantic found, in document order."""
    problems = []
    for item in error.errors(include_url=False):
        location = [str(part) for part in item["loc"]]
        context = item.get("ctx") or {}
        if item["type"] == "cross_field":
            location.append(context["field"])
        problems.append(Problem(".".join(location), _describe(item, context)))
    return problems


def _accepted_keys(location: tuple) -> str:
    """The keys that the table holding `location` accepts, for a typo message."""
    model: type[BaseModel] = Answers
    for part in location[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    return ", ".join(model.model_fields)


def _describe(item: dict, context: dict) -> str:
    kind = item["type"]
    value = item.get("input")
    if kind == "cross_field":
        return context["message"]
    if kind == "extra_forbidden":
        keys = _accepted_keys(item["loc"])
        return f"unknown key (check the spelling); accepted here: {keys}" if keys else "unknown key"
    if kind == "literal_error":
        return f"{_shown(value)} is not accepted; use one of {context.get('expected', '')}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"must be a whole number, not {_shown(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number, not {_shown(value)}"
    if kind == "finite_number":
        return "must be a finite number (not nan or inf)"
    if kind == "bool_type":
        return f"must be true or false, not {_shown(value)}"
    if kind == "string_type":
        return f"must be text in quotes, not {_shown(value)}"
    if kind == "string_too_long":
        return f"is too long; at most {context.get('max_length')} characters"
    if kind in ("datetime_type", "datetime_parsing"):
        return f"must be a date and time such as 2026-11-29T10:00:00Z, not {_shown(value)}"
    if kind == "missing":
        return "is required here"
    if kind == "list_type":
        return f"must be a list of tables (for example [[data.learning_curve]] entries), not {_shown(value)}"
    if kind == "too_long":
        return f"has too many entries; at most {context.get('max_length')}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a table of answers, not {_shown(value)}"
    if kind == "greater_than_equal":
        return f"must be {_number(context['ge'])} or more, not {_shown(value)}"
    if kind == "greater_than":
        return f"must be more than {_number(context['gt'])}, not {_shown(value)}"
    if kind == "less_than_equal":
        return f"must be at most {_number(context['le'])}, not {_shown(value)}"
    if kind == "less_than":
        return f"must be less than {_number(context['lt'])}, not {_shown(value)}"
    return item["msg"]


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _shown(value: Any) -> str:
    """A short, safe rendering of a rejected value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
