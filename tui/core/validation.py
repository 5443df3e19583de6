"""Turn a parsed answers document into `Answers`, or into problems a person can act on.

pydantic does the checking (`tui.core.models`); this module puts the schema-version gate in
front of it and translates pydantic's errors, in this one place, into messages that name the
field path (`volume.prompted.cost_per_call_usd`), say what was wrong and what is accepted
("must be 0 or more, not -5"), and suggest the nearest known key for a misspelt one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel, ValidationError

from tui.core.humane import shown
from tui.core.models import SCHEMA_VERSION, Answers

__all__ = ["AnswersInvalid", "Problem", "check_schema_version", "problems_from", "validate_document"]


class Problem(NamedTuple):
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
        message = f"must be {SCHEMA_VERSION} (the only schema version there is so far), not {shown(version)}"
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
        problems.append(Problem(".".join(location), describe(item)))
    return problems


def describe(item: Any) -> str:
    """What one pydantic error means, in words that say what is accepted."""
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "cross_field":
        return str(context["message"])
    if kind == "extra_forbidden":
        return _unknown_key(item["loc"])
    explain = _MESSAGES.get(kind)
    if explain is None:
        return str(item["msg"])
    return explain(item.get("input"), context)


def _range(word: str, bound: str) -> Callable[[Any, dict], str]:
    return lambda value, ctx: word.format(_number(ctx[bound])) + f", not {shown(value)}"


_WHOLE = lambda value, ctx: f"must be a whole number, not {shown(value)}"  # noqa: E731
_MESSAGES: dict[str, Callable[[Any, dict], str]] = {
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "int_parsing": _WHOLE,
    "float_type": lambda value, ctx: (
        f"is too large, not {shown(value)}" if type(value) is int else f"must be a number, not {shown(value)}"
    ),
    "float_parsing": lambda value, ctx: f"must be a number, not {shown(value)}",
    "finite_number": lambda value, ctx: "must be a finite number (not nan or inf)",
    "bool_type": lambda value, ctx: f"must be true or false, not {shown(value)}",
    "string_type": lambda value, ctx: f"must be text in quotes, not {shown(value)}",
    "string_too_long": lambda value, ctx: f"is too long; at most {ctx.get('max_length')} characters",
    "datetime_type": lambda value, ctx: f"must be a date and time such as 2026-11-29T10:00:00Z, not {shown(value)}",
    "datetime_parsing": lambda value, ctx: f"must be a date and time such as 2026-11-29T10:00:00Z, not {shown(value)}",
    "missing": lambda value, ctx: "is required here",
    "list_type": lambda value, ctx: (
        f"must be a list of tables (for example [[data.learning_curve]] entries), not {shown(value)}"
    ),
    "too_long": lambda value, ctx: f"has too many entries; at most {ctx.get('max_length')}",
    "model_type": lambda value, ctx: f"must be a table of answers, not {shown(value)}",
    "model_attributes_type": lambda value, ctx: f"must be a table of answers, not {shown(value)}",
    "dict_type": lambda value, ctx: f"must be a table of answers, not {shown(value)}",
    "literal_error": lambda value, ctx: f"{shown(value)} is not accepted; use one of {ctx.get('expected', '')}",
    "greater_than_equal": _range("must be {} or more", "ge"),
    "greater_than": _range("must be more than {}", "gt"),
    "less_than_equal": _range("must be at most {}", "le"),
    "less_than": _range("must be less than {}", "lt"),
}


def _unknown_key(location: tuple) -> str:
    """An unknown key: the nearest known key when there is one, and what the table accepts."""
    keys = _accepted_keys(location)
    if not keys:
        return "unknown key (check the spelling)"
    import difflib  # only for a misspelt key

    nearest = difflib.get_close_matches(str(location[-1]), keys, n=1, cutoff=0.6)
    if nearest:
        return f"unknown key; did you mean {nearest[0]!r}? Accepted here: {', '.join(keys)}"
    return f"unknown key (check the spelling); accepted here: {', '.join(keys)}"


def _accepted_keys(location: tuple) -> list[str]:
    """The keys that the table holding `location` accepts."""
    model: type[BaseModel] | None = Answers
    for part in location[:-1]:
        if isinstance(part, int):
            continue  # an entry of a list of tables, whose table was found with the list
        field = model.model_fields.get(str(part)) if model is not None else None
        model = _table_of(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _table_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or as an optional answer."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _table_of(argument)
        if found is not None:
            return found
    return None


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
