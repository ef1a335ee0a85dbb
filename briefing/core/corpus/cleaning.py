"""Removing web cruft from article text: markdown syntax, share buttons, footers.

The line rules live in YAML (the packaged `cleaning.yaml` plus any user files) so that a new
site's boilerplate is a line of configuration, not a code change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from briefing.core.errors import Failure

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


class RulesError(Failure):
    """A cleaning rules file could not be read; the message is one line."""


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    # One alternation instead of a loop over patterns: every line of every article is
    # tested, and a single compiled regex is several times faster.
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class CleaningRules:
    drop_lines: tuple[re.Pattern[str], ...]
    cut_from: tuple[re.Pattern[str], ...]
    fingerprint: str  # changes whenever the rules change, so the index knows to rebuild

    _drop: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _cut: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_drop", _any_of(self.drop_lines))
        object.__setattr__(self, "_cut", _any_of(self.cut_from))

    def drops(self, line: str) -> bool:
        return self._drop is not None and self._drop.fullmatch(line) is not None

    def cuts(self, line: str) -> bool:
        return self._cut is not None and self._cut.fullmatch(line) is not None


def _rule_sources(extra: Iterable[Path]) -> list[tuple[str, str]]:
    packaged = resources.files("briefing.core.corpus").joinpath("cleaning.yaml").read_text("utf-8")
    sources = [("cleaning.yaml (packaged)", packaged)]
    for path in extra:
        if path.is_file():
            try:
                sources.append((str(path), path.read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise RulesError(f"{path}: cannot read cleaning rules ({exc})") from exc
    return sources


def _compile(label: str, key: str, patterns: object) -> list[re.Pattern[str]]:
    if patterns is None:
        return []
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise RulesError(f"{label}: '{key}' must be a list of strings")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise RulesError(f"{label}: bad pattern {pattern!r} in '{key}': {exc}") from exc
    return compiled


def load_rules(extra: Iterable[Path] = ()) -> CleaningRules:
    """The packaged rules plus those of each existing file in `extra`, in order."""
    drop: list[re.Pattern[str]] = []
    cut: list[re.Pattern[str]] = []
    digest = hashlib.sha256()
    for label, source in _rule_sources(extra):
        digest.update(source.encode("utf-8"))
        try:
            data = yaml.safe_load(source) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise RulesError(f"{label}:{where} is not valid YAML; fix or remove it") from exc
        if not isinstance(data, dict):
            raise RulesError(f"{label}: expected a mapping with drop_lines / cut_from")
        drop += _compile(label, "drop_lines", data.get("drop_lines"))
        cut += _compile(label, "cut_from", data.get("cut_from"))
    return CleaningRules(tuple(drop), tuple(cut), digest.hexdigest()[:16])


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


def clean_lines(lines: Iterable[str], rules: CleaningRules) -> list[str]:
    """Drop cruft lines, and everything from a cut marker on when the marker is in the last
    30% of the text (earlier, only the marker line goes); keep blank lines as separators."""
    lines = list(lines)
    text_lines = [i for i, line in enumerate(lines) if line.strip()]
    zone = text_lines[int(len(text_lines) * CUT_ZONE)] if text_lines else 0
    kept: list[str] = []
    for index, line in enumerate(lines):
        probe = line.strip()
        if probe and rules.cuts(probe):
            if index >= zone:
                break
            continue
        if probe and rules.drops(probe):
            continue
        kept.append(line)
    return kept


def join_paragraphs(lines: Iterable[str]) -> str:
    """Lines back to text: no leading/trailing blank lines, at most one blank line in a row."""
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_RUN.sub("\n\n", text).strip("\n")
