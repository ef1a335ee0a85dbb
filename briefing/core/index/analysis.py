"""How text becomes index terms: one definition for Whoosh and for our own hit offsets.

The index and the highlighter must agree on what a word is and what it folds to, or a hit
is found but not marked. Both are built here from the same pieces: the Whoosh analyzer for
indexing and query parsing, and `fold` for finding hits in the clean text quickly.

Chinese, Japanese and Korean are written without spaces between words, and a whole clause
is one run of word characters: indexed as one token, "哈瓦那" (Havana) inside it could not be found.
As Lucene's CJKAnalyzer does, a run of CJK characters (Han, Hiragana, Katakana, Hangul) is
indexed as its overlapping character bigrams ("哈瓦", "瓦那"), a lone CJK character as
itself, and a CJK word in a query becomes the phrase of its bigrams, which matches inside
any longer run. Other words are cut as segments.WORD_PATTERN cuts them, minus the CJK
characters: "Havana哈瓦那2023" is "Havana", "哈瓦", "瓦那", "2023".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from briefing.core.corpus.segments import WORD_PATTERN

# The scripts Lucene's CJKAnalyzer bigrams, as code-point ranges (Python's re has no script
# classes): Hangul Jamo; 々 〆 〇 and the Hangzhou numerals; Hiragana and Katakana (less the
# punctuation ゠ and ・, which separate words); Hangul compatibility Jamo; Katakana
# extensions; CJK ideographs (extension A, the main block); Hangul Jamo extension A,
# syllables and Jamo extension B; compatibility ideographs; half-width Katakana and
# Hangul; ideographs of the supplementary planes (extensions B to G).
CJK_CHARS = (
    "\u1100-\u11ff\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3041-\u3096\u309d-\u309f"
    "\u30a1-\u30fa\u30fc-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\uffa0-\uffdc"
    "\U00020000-\U0003134f"
)
_CJK = re.compile(f"[{CJK_CHARS}]")
# segments.WORD_PATTERN with the CJK characters taken out of \w: a CJK run ends a word.
OTHER_WORD_PATTERN = WORD_PATTERN.replace(r"\w", f"[^\\W{CJK_CHARS}]")
# What the index tokenises: other words, and whole CJK runs (then cut into bigrams).
TOKEN_PATTERN = f"(?P<word>{OTHER_WORD_PATTERN})|(?P<cjk>[{CJK_CHARS}]+)"
_WORD = re.compile(OTHER_WORD_PATTERN)
_TOKEN = re.compile(TOKEN_PATTERN)
# segments' own pattern: every token lies inside one of its matches, and only a match
# holding CJK needs TOKEN_PATTERN. Scanning with \w and checking isascii() first kept
# Latin text as fast as before; the large character classes alone cost 20 %.
_PLAIN = re.compile(WORD_PATTERN)

# Whoosh's stop list less the words that matter in news: "US", "May", "will", "can".
STOP_WORDS = frozenset(
    "a an and are as at be by for from have if in is it of on or that the this to we when "
    "with yet you your".split()
)


def reference_analyzer() -> Analyzer:
    """Bigrams of CJK runs, case folding, stop words, accent folding and Porter stemming,
    in that order: what FoldingAnalyzer must equal (the tests hold it).

    Whoosh's own pieces, except the first: Whoosh has no CJK bigram filter, and a filter
    could not do it anyway (it cannot see ``tokenize=False``, with which a wildcard's text
    must stay whole), so :class:`BigramTokenizer` is a plain, separate implementation.
    """
    return (
        BigramTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | CharsetFilter(accent_map)
        | StemFilter(stemfn=stem, cachesize=100_000)
    )


class BigramTokenizer(Tokenizer):
    """Whoosh's RegexTokenizer over TOKEN_PATTERN, each CJK run of n > 1 characters then
    cut into its n - 1 overlapping bigrams, at consecutive positions (later tokens move
    on by n - 2), each with the offsets of its two characters."""

    def __init__(self) -> None:
        self.words = RegexTokenizer(TOKEN_PATTERN)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, **kwargs):
        shift = 0
        for t in self.words(value, positions=positions, chars=chars, **kwargs):
            run = t.text
            if not kwargs.get("tokenize", True) or len(run) < 2 or not _CJK.match(run):
                if positions:
                    t.pos += shift
                yield t
                continue
            pos = t.pos + shift if positions else 0
            start = t.startchar if chars else 0
            for k in range(len(run) - 1):
                t.text = run[k : k + 2]
                if kwargs.get("keeporiginal"):
                    t.original = t.text
                if positions:
                    t.pos = pos + k
                if chars:
                    t.startchar, t.endchar = start + k, start + k + 2
                yield t
            shift += len(run) - 2


class FoldingAnalyzer(Tokenizer):
    """reference_analyzer() in one pass, with each distinct word folded once (cached).

    Five chained generators per token were a third of the first build's time; this gives
    the same tokens, positions and offsets (stop words renumbered away as StopFilter does).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer signature
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        matches: Iterable[tuple[int, int, str, bool]]
        if not tokenize:  # wildcard and prefix text: the whole value is one token
            matches = [(0, len(value), value, False)]
        else:
            matches = index_words(value)
        pos = None
        index = -1
        for start, end, word, cjk in matches:
            index += 1
            # CJK folds to itself (no case, accents or suffixes): skip the cache for it, as
            # a CJK corpus has hundreds of thousands of distinct bigrams.
            term = word if cjk else fold(word) if word else None  # minsize=1 drops ""
            if term is None:  # a stop word
                if removestops:
                    continue
                t.stopped = True
                t.text = word.lower().translate(accent_map)
                if positions:
                    t.pos = start_pos + index
            else:
                t.stopped = False
                t.text = term
                if positions:
                    pos = start_pos + index if pos is None else pos + 1
                    t.pos = pos
            if keeporiginal:
                t.original = word
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def index_words(text: str, pos: int = 0) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, word, is_cjk) of every token the index makes of `text` (from offset
    *pos*, which must not lie inside a word), unfolded: the other words, and the bigrams
    of CJK runs (a lone CJK character as itself). Offsets are code points of `text`."""
    for plain in _PLAIN.finditer(text, pos):
        word = plain.group()
        if word.isascii() or not _CJK.search(word):
            yield plain.start(), plain.end(), word, False
            continue
        base = plain.start()
        for m in _TOKEN.finditer(word):
            if m.lastgroup == "word":
                yield base + m.start(), base + m.end(), m.group(), False
                continue
            start, run = base + m.start(), m.group()
            if len(run) == 1:
                yield start, start + 1, run, True
            for k in range(len(run) - 1):
                yield start + k, start + k + 2, run[k : k + 2], True


def is_cjk(term: str) -> bool:
    """True for a CJK bigram or character (a term the index made of a CJK run)."""
    return bool(_CJK.match(term))


def has_cjk(text: str) -> bool:
    """True if `text` holds any CJK character."""
    return bool(_CJK.search(text))


def make_analyzer() -> Analyzer:
    """The analyzer of every text field: CJK bigrams, case, stop words, accents, stems."""
    return FoldingAnalyzer()


@lru_cache(maxsize=200_000)
def fold(word: str) -> str | None:
    """The index term for one word as the analyzer makes it, or None for a stop word."""
    lowered = word.lower()
    if lowered in STOP_WORDS:
        return None
    return stem(lowered.translate(accent_map))


@lru_cache(maxsize=50_000)
def fold_unstemmed(word: str) -> str:
    """The spelling form of a word: case and accents folded, not stemmed."""
    return word.lower().translate(accent_map)


def distinct_words(text: str) -> set[str]:
    """The distinct words of `text` other than CJK, unfolded (one C-speed pass)."""
    words = set(_PLAIN.findall(text))
    mixed = {w for w in words if not w.isascii() and _CJK.search(w)}
    return (words - mixed).union(*(_WORD.findall(w) for w in mixed))


def _word_char(text: str, i: int) -> bool:
    """True when text[i] exists and is a word character of the tokenizer: \\w (what
    str.isalnum() says, and "_"), not CJK."""
    if not 0 <= i < len(text):
        return False
    char = text[i]
    return (char.isalnum() or char == "_") and not _CJK.match(char)


def _at_word_edges(text: str, start: int, end: int) -> bool:
    """The same word edges as the tokenizer: "Cuba" is not found inside "Cubans" nor
    inside the single token "Cuba.Havana", but is in "Cuba古巴"."""
    if _word_char(text, start - 1) or (
        text[start - 1 : start] == "." and _word_char(text, start - 2)
    ):
        return False
    return not (_word_char(text, end) or (text[end : end + 1] == "." and _word_char(text, end + 1)))


def find_words(text: str, forms: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every whole-word occurrence of any of `forms` (exact spellings),
    the longest where several start at one place.

    The edges are checked here, not in the pattern: lookarounds with the tokenizer's word
    class (\\w less the CJK ranges) made each pattern take ~10 ms to compile, once per hit
    of every search (200 ms of a fresh `briefing search` at 20 hits); a bare alternation
    compiles in ~0.1 ms.
    """
    if not forms:
        return
    longest_first = sorted(forms, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, longest_first)))
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = m.start()
        # The alternation gives the longest form here; failing the edges, a shorter one
        # may still stand ("Cuba" in "Cuba.", when "Cuba.H" is a form too).
        end = next(
            (
                start + len(form)
                for form in longest_first
                if text.startswith(form, start) and _at_word_edges(text, start, start + len(form))
            ),
            None,
        )
        if end is None:
            pos = start + 1
        else:
            yield start, end
            pos = end


def find_cjk(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """(start, end) of every place the index put one of the CJK `terms` (bigrams, or lone
    characters), sorted; bigrams may overlap ("哈瓦", "瓦那" in "哈瓦那")."""
    pieces = []
    bigrams = sorted(t for t in terms if len(t) == 2)
    if bigrams:  # any two adjacent CJK characters are a bigram of their run; a lookahead
        # so that overlapping ones are all found
        pieces.append("(?=(?P<bigram>" + "|".join(map(re.escape, bigrams)) + "))")
    lone = "".join(re.escape(t) for t in terms if len(t) == 1)
    if lone:
        pieces.append(f"(?<![{CJK_CHARS}])(?P<lone>[{lone}])(?![{CJK_CHARS}])")
    if not pieces:
        return []
    return [
        (m.start(), m.start() + len(m.group("bigram") or m.group("lone")))
        for m in re.finditer("|".join(pieces), text)
    ]
