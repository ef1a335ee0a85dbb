"""Synthetic news articles: text and metadata as a pure function of (seed, index).

The same seed gives byte-identical articles on any machine, whichever worker process makes
them, and a wire copy can regenerate the article it copies. Text is drawn from Zipf-weighted
word pools (function words, news words, a topic, names with and without accents, places,
organisations, numbers, dates and a long tail of rare words and typos), wrapped in the
shapes real files take: front matter, markdown titles, bylines, datelines without a year,
and web cruft.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from bench import vocab

# Bump when the output for a given (count, seed) changes: cached corpora are keyed on it.
GENERATOR_VERSION = 2
FILES_PER_FOLDER = 1000
DUPLICATE_RATE = 0.05

# How often each topic is an article's main topic (Cuba and migration are over-represented
# because the benchmark queries and the seed corpus are about them).
TOPIC_WEIGHTS = {
    "cuba": 14,
    "migration": 9,
    "rights": 7,
    "economy": 9,
    "energy": 6,
    "climate": 6,
    "health": 7,
    "security": 8,
    "elections": 8,
    "tech": 6,
    "trade": 6,
    "justice": 7,
    "agriculture": 4,
    "education": 3,
    "sport": 3,
}

# Share of tokens drawn from each group of words.
SHARES = {
    "common": 0.52,
    "news": 0.09,
    "topic": 0.13,
    "other_topics": 0.03,
    "tail": 0.07,
    "person": 0.035,
    "place": 0.035,
    "org": 0.012,
    "phrase": 0.008,
    "number": 0.02,
    "date": 0.004,
    "comma": 0.04,
}

PERSON, NUMBER, DATE = "\x01", "\x02", "\x03"
PLACEHOLDER_RE = re.compile("[\x01\x02\x03]")
FIRST_DATE = date(2009, 1, 1)
DATE_SPAN_DAYS = (date(2024, 12, 31) - FIRST_DATE).days


@dataclass(frozen=True)
class ArticleMeta:
    """What the generator knows about one article (written to manifest.jsonl)."""

    id: str
    path: str
    title: str | None
    source: str
    date: str | None  # ISO date when the text states a full date, else None
    topic: str
    words: int
    duplicate_of: str | None


def _zipf(n: int, offset: float = 2.7, s: float = 1.0) -> list[float]:
    return [1.0 / (r + offset) ** s for r in range(1, n + 1)]


def _tail_words(n: int) -> list[str]:
    """Pronounceable rare words plus typos of common words, fixed across seeds."""
    rng = random.Random(20240611)
    words: set[str] = set()
    for word in vocab.COMMON[:300] + vocab.NEWS[:150]:
        if len(word) > 4:
            i = rng.randrange(1, len(word) - 1)
            words.add(word[:i] + word[i + 1 :])  # dropped letter: "governmnt"
            words.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # swapped letters
    while len(words) < n:
        parts = [
            rng.choice(vocab.ONSETS) + rng.choice(vocab.NUCLEI) + rng.choice(vocab.CODAS)
            for _ in range(rng.choice((2, 2, 2, 3, 3)))
        ]
        words.add("".join(parts))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered


class _Pools:
    """Per-topic word pools with cumulative weights, built once per process."""

    def __init__(self) -> None:
        self.topics = list(TOPIC_WEIGHTS)
        self.topic_cum = list(accumulate(TOPIC_WEIGHTS.values()))
        tail = _tail_words(60_000)
        places = vocab.PLACES + vocab.COUNTRIES
        topic_words = {t: words.split() for t, words in vocab.TOPICS.items()}
        self.pools: dict[str, tuple[list[str], list[float]]] = {}
        for topic in self.topics:
            others = [w for t, ws in topic_words.items() if t != topic for w in ws]
            groups = {
                "common": (vocab.COMMON, _zipf(len(vocab.COMMON))),
                "news": (vocab.NEWS, _zipf(len(vocab.NEWS), 10)),
                "topic": (topic_words[topic], _zipf(len(topic_words[topic]), 3)),
                "other_topics": (others, [1.0] * len(others)),
                "tail": (tail, _zipf(len(tail), 50)),
                "person": ([PERSON], [1.0]),
                "place": (places, _zipf(len(places), 20)),
                "org": (vocab.ORGANISATIONS, _zipf(len(vocab.ORGANISATIONS), 3)),
                "phrase": (vocab.PHRASES, _zipf(len(vocab.PHRASES), 3)),
                "number": ([NUMBER], [1.0]),
                "date": ([DATE], [1.0]),
                "comma": ([","], [1.0]),
            }
            words: list[str] = []
            weights: list[float] = []
            for name, (ws, wts) in groups.items():
                total = sum(wts)
                words.extend(ws)
                weights.extend(SHARES[name] * w / total for w in wts)
            self.pools[topic] = (words, list(accumulate(weights)))

    def topic(self, rng: random.Random) -> str:
        return self.topics[bisect(self.topic_cum, rng.random() * self.topic_cum[-1])]


_POOLS: _Pools | None = None


def _pools() -> _Pools:
    global _POOLS
    if _POOLS is None:
        _POOLS = _Pools()
    return _POOLS


def _rng(seed: int, index: int, salt: str = "") -> random.Random:
    digest = hashlib.sha256(f"{seed}:{index}:{salt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def article_name(seed: int, index: int) -> str:
    """Relative path of article `index`: folder of ≤1,000 files, seed-like file name."""
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    return f"{index // FILES_PER_FOLDER:04d}/{index:06d}_{digest}.txt"


def _strip_accents(text: str) -> str:
    import unicodedata

    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def _person(rng: random.Random) -> str:
    name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
    return _strip_accents(name) if rng.random() < 0.25 else name


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return str(rng.randint(2, 99))
    if kind < 0.5:
        return str(rng.randint(1950, 2024))
    if kind < 0.7:
        return f"${rng.randint(1, 900)} {rng.choice(('million', 'billion'))}"
    if kind < 0.85:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)} percent"
    return f"{rng.randint(100, 99_999):,}"


def _date_text(rng: random.Random, day: date) -> str:
    """A date in one of the ways news copy writes them."""
    kind = rng.random()
    if kind < 0.35:
        return f"{vocab.MONTHS[day.month - 1]} {day.day}, {day.year}"
    if kind < 0.5:
        return day.isoformat()
    if kind < 0.75:
        return f"{vocab.MONTHS[day.month - 1][:3]} {day.day}"
    if kind < 0.9:
        return f"{day.day} {vocab.MONTHS[day.month - 1]} {day.year}"
    return f"on {rng.choice(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'))}"


def _sentences(rng: random.Random, topic: str, n_words: int, day: date, cast: list[str]) -> list:
    """Paragraphs (lists of sentences) of about n_words words."""
    words, cum = _pools().pools[topic]
    tokens = rng.choices(words, cum_weights=cum, k=n_words)
    paragraphs: list[list[str]] = []
    pos = 0
    while pos < len(tokens):
        paragraph = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4, 5))):
            if pos >= len(tokens):
                break
            length = max(6, int(rng.gauss(21, 8)))
            chunk = tokens[pos : pos + length]
            pos += length
            while chunk and chunk[0] == ",":
                chunk.pop(0)
            if not chunk:
                continue
            text = " ".join(chunk).replace(" ,", ",").replace(",,", ",").rstrip(",")
            text = text[0].upper() + text[1:]
            roll = rng.random()
            if roll < 0.12:
                text = f"“{text},” {rng.choice(cast)} said."
            elif roll < 0.18:
                text = f'"{text}," the {rng.choice(vocab.ORGANISATIONS)} said.'
            else:
                text += "."
            paragraph.append(text)
        if paragraph:
            paragraphs.append(paragraph)

    def fill(match: re.Match) -> str:
        c = match.group()
        if c == PERSON:
            return rng.choice(cast)
        if c == NUMBER:
            return _number(rng)
        return _date_text(rng, day - timedelta(days=rng.randint(0, 400)))

    return [[PLACEHOLDER_RE.sub(fill, s) for s in p] for p in paragraphs]


def _title(rng: random.Random, topic: str, cast: list[str]) -> str:
    words, cum = _pools().pools[topic]
    picked = [w for w in rng.choices(words, cum_weights=cum, k=14) if len(w) > 1]
    picked = [w for w in picked if w[0] not in (PERSON, NUMBER, DATE)][: rng.randint(4, 9)]
    topic_words = vocab.TOPICS[topic].split()
    picked.insert(rng.randrange(len(picked) + 1), rng.choice(topic_words[:6]))
    if rng.random() < 0.3:
        picked.insert(0, rng.choice(cast).split()[-1] + ":")
    title = " ".join(picked)
    return title[0].upper() + title[1:]


def _body_rng_parts(seed: int, index: int) -> tuple[str, date, list[str], list]:
    """Topic, date, cast and paragraphs of article `index` (before any wire copying)."""
    rng = _rng(seed, index, "body")
    topic = _pools().topic(rng)
    day = FIRST_DATE + timedelta(days=int(DATE_SPAN_DAYS * rng.random() ** 0.7))
    cast = [_person(rng) for _ in range(rng.randint(2, 5))]
    n_words = int(min(2000, max(150, rng.lognormvariate(math.log(450), 0.55))))
    paragraphs = _sentences(rng, topic, n_words, day, cast)
    return topic, day, cast, paragraphs


def _wire_copy(rng: random.Random, paragraphs: list) -> list:
    """Same paragraphs with light edits: a dropped paragraph, a few words changed."""
    paragraphs = [list(p) for p in paragraphs]
    if len(paragraphs) > 3 and rng.random() < 0.6:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    for _ in range(rng.randint(1, 6)):
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        sentence = paragraphs[p][s].split(" ")
        sentence[rng.randrange(len(sentence))] = rng.choice(vocab.COMMON[:200])
        paragraphs[p][s] = " ".join(sentence)
    return paragraphs


def _link(rng: random.Random, text: str) -> str:
    return f"[{text}](#)" if rng.random() < 0.5 else text


def make_article(seed: int, index: int) -> tuple[str, ArticleMeta]:
    """The text and metadata of article `index` of the corpus with this seed."""
    rng = _rng(seed, index, "shape")
    duplicate_of = None
    copied = index
    if index >= 20 and rng.random() < DUPLICATE_RATE:
        copied = index - rng.randint(1, min(index, 200))
        duplicate_of = article_name(seed, copied)[:-4]
    topic, day, cast, paragraphs = _body_rng_parts(seed, copied)
    if duplicate_of:
        paragraphs = _wire_copy(rng, paragraphs)
        day += timedelta(days=rng.choice((0, 0, 1)))
    title = _title(_rng(seed, copied, "title"), topic, cast)
    source = rng.choice(vocab.SOURCE_NAMES)
    byline = rng.choice(cast) if rng.random() < 0.35 else None
    body = ["\n".join(p) if rng.random() < 0.1 else " ".join(p) for p in paragraphs]
    if rng.random() < 0.3:
        i = rng.randrange(len(body))
        words = body[i].split(" ")
        j = rng.randrange(len(words))
        words[j] = f"[{words[j]}](#)"
        body[i] = " ".join(words)

    lines: list[str] = []
    shown_title: str | None = title
    iso: str | None = day.isoformat()
    shape = rng.random()
    if shape < 0.15:  # YAML front matter
        lines += ["---", f'title: "{title}"', f"source: {source}", f"date: {iso}", "---", ""]
    elif shape < 0.25:  # leading "date YYYY-MM-DD", no title line
        body[0] = f" date {iso} {body[0]}"
        shown_title = None
    elif shape < 0.5:  # markdown heading, byline, "Source, Month D, YYYY"
        lines += ["", "", f"# {title}", ""]
        if byline:
            lines += [f"By {_link(rng, byline)}", ""]
        lines += [f"{source}, {vocab.MONTHS[day.month - 1]} {day.day}, {day.year}", ""]
    elif shape < 0.8:  # plain title line, maybe a byline, date stated in text or not at all
        lines += [title, ""]
        if byline:
            lines += [f"By {byline}" if rng.random() < 0.8 else "by", ""]
        if rng.random() < 0.5:
            lines += [f"{vocab.MONTHS[day.month - 1]} {day.day}, {day.year}", ""]
        else:
            iso = None
    elif shape < 0.85:  # "Site icon X" names the source
        lines += [f"Site icon {source}", "", title, "", ""]
        iso = None
    else:  # dateline without a year: no date may be inferred
        place = rng.choice(vocab.PLACES[:40])
        month = vocab.MONTHS[day.month - 1][:3]
        body[0] = f"{place}, {month} {day.day} ({source}) {body[0]}"
        if rng.random() < 0.5:
            lines += [title, ""]
        else:
            shown_title = None
        iso = None
    if rng.random() < 0.3:
        lines += [rng.choice(vocab.CRUFT_LINES), ""]
    lines.append("\n\n".join(body))
    if rng.random() < 0.45:
        lines.append("")
        lines += rng.sample(vocab.CRUFT_LINES + vocab.END_CRUFT_LINES, rng.randint(1, 3))
        lines += rng.sample(vocab.END_CRUFT_LINES, rng.randint(0, 2))
    text = "\n".join(lines) + "\n"
    path = article_name(seed, index)
    meta = ArticleMeta(
        id=path[:-4],
        path=path,
        title=shown_title,
        source=source,
        date=iso,
        topic=topic,
        words=len(text.split()),
        duplicate_of=duplicate_of,
    )
    return text, meta
