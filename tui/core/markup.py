"""Text made safe for a ticket: GitHub/GitLab Markdown and Jira wiki markup (SPEC §7).

Only what the format would interpret is escaped, so the ticket reads as plain prose: no HTML
entities, no backslash before every hyphen. User text (title, owner, notes) is treated as
hostile: it cannot add a link, an image, HTML, a macro, a table cell or a mention. Our own text
is escaped the same way, so a sentence with `|` cannot break a table either.
"""

from __future__ import annotations

import re

from tui.core.printable import strip_control

# Markdown ---------------------------------------------------------------------------------------

# Characters that start Markdown inline markup anywhere in a line (a backslash escapes any ASCII
# punctuation in CommonMark, so `\<` is a literal `<` and never HTML).
_MD_INLINE = re.compile(r"[\\`*\[\]|~]|<(?=[A-Za-z/!?])")
# `_` makes emphasis only where it is not inside a word (GFM), so snake_case stays as written.
_MD_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# An entity reference (`&amp;`, `&#60;`) would be decoded; a plain `&` is shown as it is.
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# `$x$` is maths on GitHub; a dollar before a digit (`$1,200`) can never close it.
_MD_DOLLAR = re.compile(r"\$(?![0-9])")
# What makes a line a heading, quote, list item, rule or setext underline when it starts one.
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[+*-](?=\s|$)|\d{1,9}[.)](?=\s|$)|=+(?=\s*$)|-+(?=\s*$))")
_MD_URL = re.compile(
    r"\b(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+?(?=[)\].,;:!?'\"]*(?:\s|$))|\b[\w.+-]+@[\w-]+\.[\w-]+(?:\.[\w-]+)*"
)
_MD_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def markdown_text(text: str, *, user: bool = False) -> str:
    """One line that Markdown shows literally (user text also loses links and mentions)."""
    text = strip_control(text, keep_newlines=False)
    pieces = []
    last = 0
    for match in _MD_URL.finditer(text) if user else ():
        pieces.append(_md_escape(text[last : match.start()], user))
        pieces.append(_code_span(match.group()))
        last = match.end()
    pieces.append(_md_escape(text[last:], user))
    return "".join(pieces)


def markdown_line(text: str, *, user: bool = False) -> str:
    """`markdown_text`, for text that starts a line: a leading `#`, `-` or `1.` stays text."""
    return _MD_LINE_START.sub(_escape_line_start, markdown_text(text, user=user))


def _escape_line_start(match: re.Match[str]) -> str:
    """`# x` → `\\# x`, `1. x` → `1\\. x`: the marker's last character is escaped."""
    marker = match.group(2)
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def _md_escape(text: str, user: bool) -> str:
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    if user:
        text = _MD_DOLLAR.sub(r"\\$", text)
        text = _MD_MENTION.sub("@\u200b", text)  # a zero-width space: no one is notified
    return text


def _code_span(text: str) -> str:
    """An address shown as code, so that no autolink is made of it."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


# Jira -------------------------------------------------------------------------------------------

# Always special: macros {..}, links [..], table cells |, and the escape character itself.
_JIRA_ALWAYS = re.compile(r"[\\{}\[\]|]")
# Effects work only in pairs, `*bold*`, `_italic_`, `-struck-`, `+under+`, `^sup^`, `~sub~`,
# `??cite??`, `!image!`, opened after a space and closed before one: only a pair is escaped.
_JIRA_PAIRS = [
    re.compile(
        rf"(?<![\w\\{re.escape(mark[0])}])(?P<open>{re.escape(mark)})(?=[^\s{re.escape(mark[0])}])"
        rf"(?P<inner>.*?[^\s{re.escape(mark[0])}])(?P<close>{re.escape(mark)})(?![\w{re.escape(mark[0])}])"
    )
    for mark in ("*", "_", "-", "+", "^", "~", "??", "!")
]
_JIRA_EMOTICON = re.compile(r"\((?:[ynix/!+\-?*]|on|off|\*[rgby])\)|[:;]-?[)(PDp]|\(flag(?:off)?\)")
_JIRA_LINE_START = re.compile(r"^(\s*)([#*-]+(?=\s)|h[1-6]\.|bq\.|-{4,})")
_JIRA_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def jira_text(text: str, *, user: bool = False) -> str:
    """One line that Jira wiki markup shows literally."""
    text = _JIRA_ALWAYS.sub(lambda m: "\\" + m.group(), strip_control(text, keep_newlines=False))
    for pair in _JIRA_PAIRS:
        text = pair.sub(_escape_mark, text)
    text = _JIRA_EMOTICON.sub(lambda m: "\\" + m.group(), text)
    if user:
        text = _JIRA_MENTION.sub("@\u200b", text)
    return text


def jira_line(text: str, *, user: bool = False) -> str:
    """`jira_text`, for text that starts a line: a leading `#`, `*`, `-` or `h3.` stays text."""
    return _JIRA_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), jira_text(text, user=user), count=1)


def _escape_mark(match: re.Match[str]) -> str:
    """Both ends of a pair of effect marks escaped, what they enclose kept."""

    def escaped(mark: str) -> str:
        return "".join("\\" + char for char in mark)

    return escaped(match.group("open")) + match.group("inner") + escaped(match.group("close"))
