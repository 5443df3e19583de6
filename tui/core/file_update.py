"""An answers file's text changed to hold new answers, with the user's layout kept (SPEC §10).

tomlkit edits the parsed file: comments, key order, blank lines, number formats (`300_000`)
and multi-line strings survive, and only the answers that differ are rewritten (in the style of
the value they replace, trailing comment included). An answer the user cleared is removed with
its line; an answer left at its default is not written in; keys the answers model does not know
(a misspelt key) are kept unless the caller names them in `drop`. New keys go at the end of their
table's answers; a missing table is added with a one-line comment saying what it holds.

A new file is this same edit applied to an empty text (with `schema_version` always written),
so a created file and an edited one look alike. Every result is read back with tomllib and compared with the intended document before
it is returned, so an edit that tomlkit would render wrongly is refused rather than saved.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, MutableMapping
from typing import Any

from tui.core.models import Answers

_MISSING = object()
# Floats that are whole numbers are written as integers (45000, not 45000.0) below this size,
# where a float still holds every whole number exactly.
_EXACT_WHOLE = 2**53


class UpdateFailed(Exception):
    """The edited text would not read back as the intended answers; nothing should be written."""


def updated_text(text: str, before: dict, answers: Answers, drop: Iterable[str] = ()) -> str:
    """`text` (whose parsed form is `before`) changed to hold `answers`, its layout kept.

    `drop` lists dotted paths of keys unknown to the answers model that the user chose to remove.
    """
    import tomlkit

    target = whole_numbers(answers.to_document())
    document = tomlkit.parse(text)
    expected = copy.deepcopy(before)
    blank = _blank() if text.strip() else {k: v for k, v in _blank().items() if k != "schema_version"}
    for container, make in ((document, _TomlkitItems()), (expected, _PlainItems())):
        _update(container, before, target, blank, _layout(), make)
        for path in drop:
            _remove(container, path.split("."))
    result = document.as_string()
    result = result.rstrip("\r\n") + "\n" * max(1, text.count("\n", len(text.rstrip("\r\n"))))
    if "\r\n" in text:  # a file saved on Windows keeps its line endings, new lines included
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    import tomllib

    try:
        readable = same(tomllib.loads(result), expected)
    except tomllib.TOMLDecodeError:
        readable = False
    if not readable:
        raise UpdateFailed("the edited file would not read back as the answers given")
    return result


def whole_numbers(value: Any) -> Any:
    """`value` with every float that is a whole number turned into an int, tables and lists included."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_WHOLE:
        return int(value)
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    return value


def same(left: Any, right: Any) -> bool:
    """Whether two parsed values mean the same answer (300_000 and 300000.0 do; 1 and true do not)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


# What the answers model declares ---------------------------------------------------------------


@functools.cache
def _blank() -> dict:
    """The document of an assessment with nothing answered: the defaults, table by table."""
    return whole_numbers(Answers.model_validate({}).to_document())


@functools.cache
def _layout() -> dict:
    """For each known key of each table: ("table" | "list" | "value", the layout inside, comment)."""
    schema = Answers.model_json_schema()
    return _shape(schema, schema.get("$defs", {}))


def _shape(schema: dict, definitions: dict) -> dict:
    shape: dict[str, tuple[str, dict, str]] = {}
    for name, field in schema.get("properties", {}).items():
        reference = _reference(field)
        if reference is None:
            shape[name] = ("value", {}, "")
            continue
        table = definitions.get(reference.rsplit("/", 1)[-1], {})
        kind = "list" if _is_array(field) else "table"
        description = field.get("description") or table.get("description") or ""
        shape[name] = (kind, _shape(table, definitions), description.strip().splitlines()[0] if description else "")
    return shape


def _reference(field: dict) -> str | None:
    """The `$ref` a field points to, directly, through `items` or through `anyOf`/`allOf`."""
    if "$ref" in field:
        return field["$ref"]
    for key in ("items", "anyOf", "allOf", "oneOf"):
        inner = field.get(key)
        for option in inner if isinstance(inner, list) else [inner] if isinstance(inner, dict) else []:
            found = _reference(option)
            if found is not None:
                return found
    return None


def _is_array(field: dict) -> bool:
    return field.get("type") == "array" or any(_is_array(option) for option in field.get("anyOf", []))


# The edit, applied alike to the tomlkit document and to a plain copy of what it should read as --


def _update(container: MutableMapping, before: dict, target: dict, blank: Any, layout: dict, make: Any) -> None:
    """Make `container` (parsed as `before`) hold `target`, touching only what differs."""
    blank = blank if isinstance(blank, dict) else {}
    for key, value in target.items():
        kind, inner, comment = layout.get(key, ("value", {}, ""))
        old = before.get(key, _MISSING)
        if isinstance(value, dict) and isinstance(old, dict):
            _update(container[key], old, value, blank.get(key), inner, make)
        elif isinstance(value, dict):
            wanted = _worth_writing(value, blank.get(key))
            if wanted:
                if old is not _MISSING:
                    del container[key]
                container[key] = make.table(wanted, inner, comment)
        elif _both_tables_lists(value, old):
            _update_list(container[key], old, value, inner, make)
        elif old is _MISSING:
            if not (key in blank and same(blank[key], value)):
                make.put(container, key, make.new_value(value, inner))
        elif not same(old, value):
            container[key] = make.changed_value(value, container[key], inner)
    for key, old in before.items():
        if key in target or key not in layout:
            continue
        if isinstance(old, dict) and layout[key][0] == "table":
            _update(container[key], old, {}, blank.get(key), layout[key][1], make)
        elif not (key in blank and same(blank[key], old)):
            del container[key]


def _update_list(items: Any, before: list, target: list, layout: dict, make: Any) -> None:
    """Update a list of tables entry by entry, so each entry keeps its comments."""
    for index in range(min(len(before), len(target))):
        _update(items[index], before[index], target[index], None, layout, make)
    for index in range(len(before) - 1, len(target) - 1, -1):
        del items[index]
    for entry in target[len(before) :]:
        make.append_entry(items, entry, layout)


def _both_tables_lists(value: Any, old: Any) -> bool:
    return (
        isinstance(value, list)
        and isinstance(old, list)
        and bool(value)
        and all(isinstance(item, dict) for item in value)
        and all(isinstance(item, dict) for item in old)
    )


def _worth_writing(table: dict, blank: Any) -> dict:
    """The part of a new table that says something: answers at their default are left out."""
    blank = blank if isinstance(blank, dict) else {}
    wanted: dict = {}
    for key, value in table.items():
        if isinstance(value, dict):
            inner = _worth_writing(value, blank.get(key))
            if inner:
                wanted[key] = inner
        elif not (key in blank and same(blank[key], value)):
            wanted[key] = value
    return wanted


def _remove(container: MutableMapping, path: list[str]) -> None:
    """Delete the key at `path` if it is there."""
    for part in path[:-1]:
        inner = container.get(part)
        if not isinstance(inner, MutableMapping):
            return
        container = inner
    if path[-1] in container:
        del container[path[-1]]


class _PlainItems:
    """Values for the plain copy: the values themselves."""

    def table(self, table: dict, layout: dict, comment: str, entry: bool = False) -> dict:
        return copy.deepcopy(table)

    def put(self, container: MutableMapping, key: str, value: Any) -> None:
        container[key] = value

    def append_entry(self, items: list, entry: dict, layout: dict) -> None:
        items.append(copy.deepcopy(entry))

    def new_value(self, value: Any, layout: dict) -> Any:
        return copy.deepcopy(value)

    def changed_value(self, value: Any, old: Any, layout: dict) -> Any:
        return copy.deepcopy(value)


class _TomlkitItems:
    """tomlkit items for the document: new tables with a comment, values in the old one's style."""

    def table(self, table: dict, layout: dict, comment: str, entry: bool = False) -> Any:
        import tomlkit

        leaves = {
            key: value for key, value in table.items() if not isinstance(value, (dict, list)) or not _is_tables(value)
        }
        made = tomlkit.table(is_super_table=not leaves and not entry)
        if comment and leaves:
            made.add(tomlkit.comment(comment))
        for key, value in table.items():
            kind, inner, note = layout.get(key, ("value", {}, ""))
            if isinstance(value, dict):
                made[key] = self.table(value, inner, note)
            elif _is_tables(value):
                made[key] = self._tables(value, inner)
            else:
                made[key] = self.new_value(value, inner)
        if leaves:
            made.add(tomlkit.nl())  # a blank line before whatever table follows
        return made

    def put(self, container: Any, key: str, item: Any) -> None:
        """Add a new answer right after the last answer of its table, before the comments and
        blank lines that introduce what follows (tomlkit's own `append` goes after those)."""
        from tomlkit.items import AoT, Table

        last = None
        if isinstance(container, Table) and not isinstance(item, (Table, AoT)):
            for name, value in container.value.body:
                if name is not None and not name.is_dotted() and not isinstance(value, (Table, AoT)):
                    last = name
        # tomlkit has no public way to insert at a position; where it lacks this one, append.
        insert_after = getattr(container.value, "_insert_after", None) if last is not None else None
        if insert_after is None:
            container[key] = item
        else:
            insert_after(last, key, item)

    def append_entry(self, items: Any, entry: dict, layout: dict) -> None:
        """Add an entry to a list of tables: a `[[...]]` table, or an inline table in an inline list."""
        import tomlkit
        from tomlkit.items import AoT

        if isinstance(items, AoT):
            if len(items) and not _ends_with_blank_line(items[-1]):
                items[-1].add(tomlkit.nl())
            items.append(self.table(entry, layout, "", entry=True))
            return
        inline = tomlkit.inline_table()
        inline.update(entry)
        items.append(inline)

    def _tables(self, entries: list, layout: dict) -> Any:
        import tomlkit

        made = tomlkit.aot()
        for entry in entries:
            made.append(self.table(entry, layout, "", entry=True))
        return made

    def new_value(self, value: Any, layout: dict) -> Any:
        import tomlkit

        if _is_tables(value):
            return self._tables(value, layout)
        if isinstance(value, str) and "\n" in value:
            return _multi_line(value) or tomlkit.item(value)
        return tomlkit.item(value)

    def changed_value(self, value: Any, old: Any, layout: dict) -> Any:
        """The new value written the way the old one was: `1_500` grouping, multi-line or literal strings."""
        import tomlkit
        from tomlkit.items import Integer, String

        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and isinstance(old, Integer)
            and "_" in old.as_string()
        ):
            return _parsed(f"{value:_}", value) or tomlkit.item(value)
        if isinstance(value, str) and isinstance(old, String):
            if "\n" in value and (old.type.is_multiline() or "\n" in str(old)):
                return _multi_line(value) or tomlkit.item(value)
            if old.type.is_literal() and "'" not in value and value.isprintable():
                return tomlkit.string(value, literal=True)
        return self.new_value(value, layout)


def _ends_with_blank_line(table: Any) -> bool:
    from tomlkit.items import Whitespace

    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace)


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _multi_line(value: str) -> Any:
    """A multi-line basic string that opens with a line break, as people write them by hand."""
    import tomlkit

    inner = tomlkit.string(value, multiline=True).as_string()[3:-3]
    return _parsed(f'"""\n{inner}"""', value)


def _parsed(literal: str, value: Any) -> Any:
    """The tomlkit item written as `literal`, or None if it does not read back as `value`."""
    import tomlkit

    try:
        item = tomlkit.parse(f"value = {literal}\n")["value"]
    except Exception:  # tomlkit raises several error types; any of them means "not this way"
        return None
    return item if same(item.unwrap(), value) else None
