"""User text (title, owner, notes) cannot reach the terminal raw or break a ticket.

Generated text mixes terminal escape sequences, bidi overrides, Markdown, Jira and HTML. The
text report must hold no control character; the Markdown report, read back by a real Markdown
parser, must keep its table's two columns and contain no link, image or HTML from the user; the
Jira report must keep its columns and show no macro, link or mention; the JSON must stay JSON.
Paths with spaces and non-ASCII names work for every command.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from hostile import ESCAPES, MARKUP, SAMPLE_DOCUMENTS, fuzz, hostile_text
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.cli import main
from tui.core import exports, storage
from tui.core.assess import assess
from tui.core.validation import validate_document

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Ticket formats may keep a zero-width space on purpose (after @, so no one is mentioned).
TICKET_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200c-\u200f\u202a-\u202e\u2066-\u2069]")
COMPLETE = next(d for d in SAMPLE_DOCUMENTS if d.get("performance", {}).get("status") == "evaluated")
MARKDOWN = MarkdownIt("gfm-like")


def unescaped(text: str, characters: str) -> int:
    """How many of `characters` in `text` are not escaped by a backslash."""
    found, escaped = 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in characters:
            found += 1
    return found


def tokens(text: str):
    """Every Markdown token of `text`, inline children included."""
    for token in MARKDOWN.parse(text):
        yield token
        yield from token.children or ()


def with_text(title: str, owner: str, notes: str):
    document = copy.deepcopy(COMPLETE)
    document.setdefault("assessment", {}).update(title=title[:200], owner=owner[:200], notes=notes)
    return assess(validate_document(document))


plain = with_text("Plain title", "Plain owner", "Plain notes")
PLAIN_ROWS = sum(1 for token in tokens(exports.render_markdown(plain)) if token.type == "tr_open")
PLAIN_CELLS = sum(1 for token in tokens(exports.render_markdown(plain)) if token.type in ("th_open", "td_open"))
PLAIN_LINKS = sum(1 for token in tokens(exports.render_markdown(plain)) if token.type == "link_open")
PLAIN_JIRA_ROWS = [line for line in exports.render_jira(plain).splitlines() if line.startswith("|")]
PLAIN_JIRA_PIPES = [unescaped(row, "|") for row in PLAIN_JIRA_ROWS]

user_text = st.one_of(hostile_text, st.lists(hostile_text, max_size=6).map("\n".join))


def test_hostile_user_text_cannot_escape_any_report_format(record_property):
    tried = {"texts": 0}

    @fuzz(400)
    @given(user_text, user_text, user_text)
    def property(title: str, owner: str, notes: str) -> None:
        tried["texts"] += 3
        result = with_text(title, owner, notes)

        text = exports.render_text(result)
        assert not CONTROL.search(text), repr(CONTROL.search(text).group())

        markdown = exports.render_markdown(result)
        assert not TICKET_CONTROL.search(markdown)
        found = list(tokens(markdown))
        kinds = {token.type for token in found}
        assert "image" not in kinds
        html = {token.content.strip() for token in found if token.type in ("html_inline", "html_block")}
        assert not html, "no HTML at all"
        assert sum(1 for token in found if token.type == "link_open") == PLAIN_LINKS
        assert sum(1 for token in found if token.type == "tr_open") == PLAIN_ROWS
        cells = [token.type for token in found if token.type in ("th_open", "td_open")]
        assert len(cells) == PLAIN_CELLS, "every row keeps its columns"
        assert markdown.splitlines()[0].startswith("## ")
        assert sum(1 for token in found if token.type == "heading_open" and token.tag == "h2") == 1

        jira = exports.render_jira(result)
        assert not TICKET_CONTROL.search(jira)
        table = [line for line in jira.splitlines() if line.startswith("|")]
        assert len(table) == len(PLAIN_JIRA_ROWS)
        assert [unescaped(row, "|") for row in table] == PLAIN_JIRA_PIPES, table
        # The report's own Notes heading starts a line; user text that says "h3. Notes" never does.
        user_lines = jira.split("\nh3. Notes\n", 1)[-1] if notes.strip() else ""
        assert unescaped(jira.splitlines()[0] + user_lines, "{}[]|") == 0

        report = json.loads(exports.render_json(result))
        assert not CONTROL.search(report["title"] + report["owner"])

    property()
    record_property("reliability", {"row": "hostile_text", "count": tried["texts"], "runs": tried["texts"] // 3 * 4})


@pytest.mark.parametrize("sample", ESCAPES + MARKUP)
def test_each_known_trick_is_neutralised_in_every_format(sample):
    result = with_text(f"T {sample} T", f"O {sample} O", f"N {sample} N\n{sample}")
    for format in exports.FORMATS:
        output = exports.render(result, format)
        assert not TICKET_CONTROL.search(output), (format, sample)
    assert "link_open" not in {t.type for t in tokens(exports.render_markdown(result))} or PLAIN_LINKS


def test_a_blank_line_in_the_notes_cannot_open_a_raw_html_block():
    """A line break tag alone on a line would start an HTML block that swallows the next lines."""
    markdown = exports.render_markdown(with_text("T", "O", "\n[x](http://example.com) *second*"))
    kinds = [token.type for token in tokens(markdown)]
    assert "html_block" not in kinds
    assert kinds.count("link_open") == PLAIN_LINKS


# Paths with spaces and non-ASCII names ---------------------------------------------------------

NAMES = ["my task.toml", "tâche à évaluer.toml", "задача.toml", "評価 タスク.toml", "emoji 🙂.toml", "-dash.toml"]


@pytest.mark.parametrize("name", NAMES)
def test_paths_with_spaces_and_non_ascii_names_work_for_every_command(name, tmp_path, capsys, record_property):
    folder = tmp_path / "a folder with spaces ü"
    folder.mkdir()
    source = folder / name
    storage.save(validate_document(COMPLETE), source)
    assert main(["check", str(source)]) == 0
    assert str(source) in capsys.readouterr().out
    output = folder / f"report {name}.md"
    assert main(["report", str(source), "--format", "markdown", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8").startswith("## ")
    assert main(["report", str(source), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["recommendation"]
    assert storage.load(source) == validate_document(COMPLETE)
    record_property("reliability", {"row": "paths", "count": 1, "runs": 4})
