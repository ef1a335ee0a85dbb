"""Cleaning rules: which lines of an article are web cruft, loaded from YAML files.

The packaged ``cleaning.yaml`` comes first, then each user file (the user config folder's,
then the corpus's ``.briefing/cleaning.yaml``); their lists add up. A file holds
``drop_lines`` (a sentence that is cruft: a line of them goes), ``cut_from`` (a line that
ends the article), ``keep_lines`` (exceptions: a line never dropped nor taken as a cut
marker) and an optional ``max_length``. Every rule remembers its file and pattern, so the
reader can be told which rule removed which line.

``max_length`` is what keeps a rule off real prose: a rule only ever matches a sentence or
line at most that many characters (code points) long. The packaged file sets 80 for all its
rules, because a boilerplate line is short and a story's sentence that happens to hold
"sign up" or "copyright" is usually not; user files set none unless they ask. A rule may be
``{pattern: ..., max_length: N}`` to give its own, and ``whole_line: true`` to match a
whole line of several sentences at once (a site's known disclaimer paragraph), which the
packaged file allows only for patterns that spell out the paragraph's first sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from briefing.core.corpus.yamltext import RefusedYaml, load_text_yaml
from briefing.core.errors import Failure

PACKAGED = "cleaning.yaml (packaged)"  # how the packaged file is named in reports
KEYS = ("drop_lines", "cut_from", "keep_lines")


class RulesError(Failure):
    """A cleaning rules file could not be read; the message is one line."""


@dataclass(frozen=True)
class Rule:
    """One rule: *pattern* matched whole, in any case, against a line or sentence of at
    most ``max_length`` characters (code points; None: any length). A drop rule matches
    one sentence, unless *whole_line*: then the whole line, whatever its sentences."""

    file: str  # where it was written: PACKAGED, or the path of a user file
    key: str  # "drop_lines", "cut_from" or "keep_lines"
    pattern: str
    max_length: int | None = None
    whole_line: bool = False
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, text: str) -> bool:
        """Whether *text* (one stripped line or sentence) is what this rule removes."""
        if self.max_length is not None and len(text) > self.max_length:
            return False
        return self.regex.fullmatch(text) is not None


def _any_of(rules: tuple[Rule, ...], anchor: str) -> re.Pattern[str] | None:
    # One alternation to rule lines out before trying rules one by one: every line of
    # every article is tested, and a single compiled regex is several times faster.
    if not rules:
        return None
    # Patterns that compile alone may not combine: "(?i)" flags do not compile inside an
    # alternation, and a back-reference "\1" would point at another pattern's group. Then
    # no line is ruled out early, and each rule is tried.
    if any(_BACKREFERENCE.search(r.pattern) for r in rules):
        return re.compile("")
    try:
        return re.compile("|".join(f"(?:{r.pattern})" for r in rules) + anchor, re.IGNORECASE)
    except re.error:
        return re.compile("")


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


@dataclass(frozen=True)
class CleaningRules:
    """Every rule of every file, in file order (packaged first); see the module doc."""

    drop_lines: tuple[Rule, ...]
    cut_from: tuple[Rule, ...]
    keep_lines: tuple[Rule, ...] = ()
    fingerprint: str = ""  # changes whenever the rules change, so the index knows to rebuild

    _drop_start: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _cut: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _keep: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Drop rules may match one sentence at the start of a line, so their pre-check
        # is a match at the start; cut and keep rules match whole lines only.
        object.__setattr__(self, "_drop_start", _any_of(self.drop_lines, ""))
        object.__setattr__(self, "_cut", _any_of(self.cut_from, r"\Z"))
        object.__setattr__(self, "_keep", _any_of(self.keep_lines, r"\Z"))

    def may_drop(self, text: str) -> bool:
        """False when no drop rule can match *text* or a sentence it starts with."""
        return self._drop_start is not None and self._drop_start.match(text) is not None

    def drop_rule(self, sentence: str) -> Rule | None:
        """The first sentence drop rule that matches the whole of *sentence*, or None."""
        return next((r for r in self.drop_lines if not r.whole_line and r.matches(sentence)), None)

    def line_drop_rule(self, line: str) -> Rule | None:
        """The first ``whole_line`` drop rule that matches the whole *line*, or None."""
        return next((r for r in self.drop_lines if r.whole_line and r.matches(line)), None)

    def cut_rule(self, line: str) -> Rule | None:
        """The first cut rule that matches the whole *line*, or None."""
        if self._cut is None or self._cut.match(line) is None:
            return None
        return next((r for r in self.cut_from if r.matches(line)), None)

    def keeps(self, line: str) -> bool:
        """Whether a keep rule (an exception) protects the whole *line*."""
        return self._keep is not None and any(r.matches(line) for r in self.keep_lines)


def _rule_sources(extra: Iterable[Path]) -> list[tuple[str, str]]:
    packaged = resources.files("briefing.core.corpus").joinpath("cleaning.yaml").read_text("utf-8")
    sources = [(PACKAGED, packaged)]
    for path in extra:
        if path.is_file():
            try:
                sources.append((str(path), path.read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise RulesError(f"{path}: cannot read cleaning rules ({exc})") from exc
    return sources


def _length(label: str, where: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise RulesError(f"{label}: max_length{where} must be a whole number of characters")


def _flag(label: str, pattern: str, value: object) -> bool:
    if value is None or (isinstance(value, str) and value.lower() in ("false", "no")):
        return False
    if isinstance(value, str) and value.lower() in ("true", "yes"):
        return True
    raise RulesError(f"{label}: whole_line of {pattern!r} must be true or false")


def _rules(label: str, key: str, entries: object, max_length: int | None) -> list[Rule]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise RulesError(f"{label}: '{key}' must be a list of strings")
    rules = []
    for entry in entries:
        length, whole_line = max_length, False
        if isinstance(entry, dict) and isinstance(entry.get("pattern"), str):
            pattern = entry["pattern"]
            if "max_length" in entry:
                length = _length(label, f" of {pattern!r}", entry["max_length"])
            whole_line = _flag(label, pattern, entry.get("whole_line"))
        elif isinstance(entry, str):
            pattern = entry
        else:
            raise RulesError(
                f"{label}: each of '{key}' must be a pattern or {{pattern: ..., max_length: N}}"
            )
        try:
            rules.append(Rule(label, key, pattern, length, whole_line))
        except re.error as exc:
            raise RulesError(f"{label}: bad pattern {pattern!r} in '{key}': {exc}") from exc
    return rules


def load_rules(extra: Iterable[Path] = ()) -> CleaningRules:
    """The packaged rules plus those of each existing file in *extra*, in order.

    Raises :class:`RulesError` (one line naming the file) for a file that cannot be read,
    is not YAML, or holds a bad pattern or length.
    """
    found: dict[str, list[Rule]] = {key: [] for key in KEYS}
    digest = hashlib.sha256()
    for label, source in _rule_sources(extra):
        digest.update(source.encode("utf-8"))
        try:
            data = load_text_yaml(source) or {}
        except RefusedYaml as exc:
            raise RulesError(f"{label}: {exc.problem}; write the rules out in full") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise RulesError(f"{label}:{where} is not valid YAML; fix or remove it") from exc
        if not isinstance(data, dict):
            raise RulesError(f"{label}: expected a mapping with drop_lines / cut_from")
        max_length = _length(label, "", data.get("max_length"))
        for key in KEYS:
            found[key] += _rules(label, key, data.get(key), max_length)
    return CleaningRules(
        tuple(found["drop_lines"]),
        tuple(found["cut_from"]),
        tuple(found["keep_lines"]),
        digest.hexdigest()[:16],
    )
