"""Removing web cruft from article text: markdown syntax, share buttons, footers.

The line rules live in YAML (the packaged `cleaning.yaml` plus any user files, see
:mod:`.rules`) so that a new site's boilerplate is a line of configuration, not a code
change. Every line removed is recorded (:mod:`.report`) with the rule that removed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.core.corpus.report import NumberedLine, RemovedLine
from briefing.core.corpus.rules import CleaningRules, Rule, RulesError, load_rules
from briefing.core.corpus.segments import sentence_spans

__all__ = [
    "CUT_ZONE",
    "CleaningRules",
    "NumberedLine",
    "RulesError",
    "boilerplate_rules",
    "clean_lines",
    "join_numbered",
    "join_paragraphs",
    "load_rules",
    "strip_markdown",
]

# [text](target) -> text; images ![alt](src) -> alt. The target may hold one level of
# parentheses, as Wikipedia-style URLs do.
_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
# Backslash escapes of markdown punctuation: \* \$ \_ \# ...
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$>|~])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?")
# *emphasis*, **strong**, ***both*** around text that starts and ends with a non-space.
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_BLANK_RUN = re.compile(r"\n{3,}")


def strip_markdown(line: str) -> str:
    """One line of markdown as the plain text a reader would see."""
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _QUOTE_MARK.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    # Emphasis before escapes, so that an escaped \* stays a literal asterisk.
    line = _EMPHASIS.sub(r"\2", line)
    line = _ESCAPE.sub(r"\1", line)
    return line.rstrip()


# A cut marker ends the article only in its last part: "You May Also Like" as a sidebar
# line mid-page must not take the story's second half with it.
CUT_ZONE = 0.7


def boilerplate_rules(text: str, rules: CleaningRules) -> tuple[Rule, ...]:
    """The drop rules that make *text* (one stripped line) cruft, or () when it is not.

    Each sentence of the line must be matched whole by a rule ("Follow us on X. Feel free
    to repost."): a rule's ``.*`` never reaches past a sentence's end, so a line that
    also holds a sentence of the story is kept whole. Each rule's ``max_length`` applies
    to the sentence it matches, so a long sentence is never taken by a short rule. Only a
    ``whole_line`` rule matches the line at once.
    """
    if not rules.may_drop(text):
        return ()
    whole = rules.line_drop_rule(text)
    if whole is not None:
        return (whole,)
    found: list[Rule] = []
    for start, end in sentence_spans(text):
        rule = rules.drop_rule(text[start:end])
        if rule is None:
            return ()
        found.append(rule)
    return tuple(dict.fromkeys(found))


def clean_lines(
    lines: Iterable[NumberedLine], rules: CleaningRules
) -> tuple[list[NumberedLine], list[RemovedLine]]:
    """(the lines kept, the lines removed): cruft lines dropped, and everything from a cut
    marker on when the marker is in the last 30% of the text (earlier, only the marker
    line goes); a line a keep rule matches is never removed. Blank lines stay as
    separators."""
    lines = list(lines)
    text_lines = [i for i, (_, line) in enumerate(lines) if line.strip()]
    zone = text_lines[int(len(text_lines) * CUT_ZONE)] if text_lines else 0
    kept: list[NumberedLine] = []
    removed: list[RemovedLine] = []
    for index, (number, line) in enumerate(lines):
        probe = line.strip()
        if not probe or rules.keeps(probe):
            kept.append((number, line))
            continue
        cut = rules.cut_rule(probe)
        if cut is not None:
            if index >= zone:
                removed += [
                    RemovedLine(n, text.strip(), "cut_from", (cut,), cut_at=number)
                    for n, text in lines[index:]
                    if text.strip()
                ]
                break
            removed.append(RemovedLine(number, probe, "cut_from", (cut,)))
            continue
        dropped_by = boilerplate_rules(probe, rules)
        if dropped_by:
            removed.append(RemovedLine(number, probe, "drop_lines", dropped_by))
            continue
        kept.append((number, line))
    return kept, removed


def join_paragraphs(lines: Iterable[str]) -> str:
    """Lines back to text: no leading/trailing blank lines, at most one blank line in a row."""
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def join_numbered(lines: Iterable[NumberedLine]) -> tuple[str, list[tuple[int, int]]]:
    """:func:`join_paragraphs` of the lines, and where each kept line starts in the result:
    (its line number, its offset in code points), in order. Blank lines are not listed."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    at, blank = 0, False
    for number, line in lines:
        line = line.rstrip()
        if not line:
            blank = bool(parts)  # blank lines before the first text line are dropped
            continue
        if parts:
            separator = "\n\n" if blank else "\n"
            parts.append(separator)
            at += len(separator)
        starts.append((number, at))
        parts.append(line)
        at += len(line)
        blank = False
    return "".join(parts), starts
