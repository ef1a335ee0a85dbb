"""Big annotation files (issue 14): a 20 MB file of 51k highlights cost 47-70 s per command
and an import of 100k annotations 278 s. Merges look highlights up in a dict by id, files
load through libyaml with quick resolution and construction (aliases still refused), a
save dumps only the highlights that changed, and a very large file is named in a warning.
Bounds are orders of magnitude or counts, not timings of this machine."""

from __future__ import annotations

import random
import re
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.core.annotations import (
    AnnotationStore,
    ArticleAnnotations,
    Highlight,
    TextQuote,
    yaml_form,
    yamlio,
)
from briefing.core.annotations import store as store_module
from briefing.core.annotations.yaml_form import from_yaml, to_yaml

ARTICLE = "a"


def highlight(n: int, *, modified: str = "2025-01-02T03:04:05Z", **changes) -> Highlight:
    quote = TextQuote(f"quote {n}", "before ", " after", n * 10, n * 10 + 7, "h")
    h = Highlight(f"id-{n}", "2025-01-02T03:04:05Z", modified, "me", "claim", "", [], quote)
    return replace(h, **changes)


# -- merging by id ---------------------------------------------------------------------------


def test_merging_30k_into_30k_highlights_is_linear():
    ann = ArticleAnnotations(ARTICLE, highlights=[highlight(n) for n in range(30_000)])
    incoming = [highlight(n, modified="2026-01-01T00:00:00Z") for n in range(15_000, 45_000)]
    started = time.perf_counter()
    outcomes = ann.merge_all(incoming)
    # A scan per incoming highlight: ~7e8 comparisons here, minutes (issue 14: 278 s).
    assert time.perf_counter() - started < 5
    assert outcomes.count("updated") == 15_000 and outcomes.count("added") == 15_000
    assert len(ann.highlights) == 45_000
    assert ann.get("id-20000").modified == "2026-01-01T00:00:00Z"


STAMPS = st.sampled_from(["2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z", "not a time"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), STAMPS, st.booleans()), max_size=8),
    st.lists(st.tuples(st.integers(0, 6), STAMPS, st.booleans()), max_size=12),
)
def test_merge_all_is_merge_one_by_one(local, incoming):
    def make(items):
        return [highlight(n, modified=m, deleted=d) for n, m, d in items]

    one = ArticleAnnotations(ARTICLE, highlights=make(local))
    many = one.copy()
    expected = [one.merge(h) for h in make(incoming)]
    assert many.merge_all(make(incoming)) == expected
    assert many == one


# -- loading ---------------------------------------------------------------------------------


DOCUMENTS = [
    "a: 1\nb: [true, no, ~, 1.5, 0x1F, 2025-01-02, 2025-01-02T03:04:05Z, '3']\n",
    "base: {k: v}\nmore:\n  <<: {k: w, j: 1}\n",  # a merge key: PyYAML's own construction
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\nbin: !!binary aGk=\n",
    "? [1, 2]\n: unhashable\n",
    "= : value key\nx: =\n",
    "deep: " + "[" * 150 + "]" * 150 + "\n",
    "dup: 1\ndup: 2\n",
    "text: |+\n  kept\n\n...\n",
    "",
    "just text\n",
    "- a\n- {b: c}\n",
    "note: R&D at AT&T, 3*4 & more\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_quick_loader_reads_what_pyyaml_reads(text):
    try:
        want = yaml.safe_load(text)
    except yaml.YAMLError as e:
        with pytest.raises(type(e)):
            yamlio.load(text)
        return
    got = yamlio.load(text)
    assert got == want and type(got) is type(want)
    assert yamlio._parse(text, yamlio.CHECKED_LOADER) == want


def test_a_file_briefing_wrote_reads_back_the_same():
    rng = random.Random(1)
    notes = ["", "one line", "two\nlines", "kept\n\n", "R&D *bold*", "x: y", "'quoted'"]
    ann = ArticleAnnotations(
        ARTICLE,
        tags=["a", "on"],
        note="note\n\n",
        overrides={"date": "2010-02-18", "title": "T"},
        highlights=[
            highlight(n, note=rng.choice(notes), tags=rng.sample(["x", "yes", "1"], 2))
            for n in range(300)
        ],
    )
    text = to_yaml(ann)
    assert from_yaml(text.encode(), ARTICLE, Path("x")) == ann
    assert yaml.safe_load(text) == yamlio.load(text)


@pytest.mark.parametrize(
    "text",
    [
        "note: R&D and AT&T\n",
        "note: 3*4 * 5 & more\n",
        "note: 'a * b and c & d'\n",
        "tags: [M&A]\nnote: x&y*z\n",
        "note: Tom & Jerry\n",
    ],
)
def test_ampersands_and_stars_inside_words_keep_the_fast_loader(monkeypatch, text):
    monkeypatch.setattr(yamlio, "CHECKED_LOADER", None)  # would fail if chosen
    assert yamlio.load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: [&x 1, *x]\n",
        "{a:&x 1, b:*x}\n",
        "- &x a\n- *x\n",
        "&top\na: 1\n",
        "\ufeff&top a\n",
        "a:\n\t&x 1\n",
        "a: &é 1\n",
    ],
)
def test_any_text_where_an_anchor_may_stand_is_checked(text):
    assert yamlio._may_hold_anchor(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="&*aZ9_- \n\t\x85:,[]{}é\ufeff", max_size=12))
def test_the_anchor_check_is_the_rule_it_states(text):
    rule = re.compile(r"(?:^|[^0-9A-Za-z])[&*][^\s,\[\]{}]")
    assert yamlio._may_hold_anchor(text) == bool(rule.search(text))


def test_the_quick_loader_is_quicker_on_plain_scalars(monkeypatch):
    """Each plain scalar is resolved once per distinct text (the regexes of PyYAML's
    resolver ran 1.5 million times for 51k highlights)."""
    yamlio._RESOLVED.clear()
    calls = []
    real = yaml.resolver.BaseResolver.resolve

    def counting(self, kind, value, implicit):
        calls.append(value)
        return real(self, kind, value, implicit)

    monkeypatch.setattr(yaml.resolver.BaseResolver, "resolve", counting)
    text = "".join(f"- {{author: me, color: claim, start: {n}, note: 'x'}}\n" for n in range(500))
    data = yamlio.load(text)
    assert data[7] == {"author": "me", "color": "claim", "start": 7, "note": "x"}
    scalars = [v for v in calls if isinstance(v, str)]
    assert len(scalars) < 600  # 2,000 scalars: keys and labels resolved once
    assert isinstance(data[0]["start"], int)
    assert isinstance(yamlio.load("d: 2025-01-02")["d"], date)
    assert isinstance(yamlio.load("d: 2025-01-02T03:04:05Z")["d"], datetime)


# -- saving ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kept_quote", [False, True])
def test_a_second_save_dumps_only_what_changed(tmp_path, monkeypatch, kept_quote):
    """A file larger than the dump cache dumped every highlight twice per save; a quote
    ending a paragraph (`|+`) made every save dump the whole document."""
    monkeypatch.setattr(yaml_form, "_HIGHLIGHT_YAML_MAX", 50)
    store = AnnotationStore(tmp_path / "ann", author="me")
    highlights = [highlight(n) for n in range(300)]
    if kept_quote:
        q = highlights[3].target
        highlights[3] = replace(highlights[3], target=replace(q, exact="a paragraph\n\n"))
    store.update(ARTICLE, lambda ann: ann.highlights.extend(highlights))
    store.set_flags(ARTICLE, read=True)  # every piece now dumped and cached
    dumped = []
    real = yaml_form.highlight_doc
    monkeypatch.setattr(yaml_form, "highlight_doc", lambda h: dumped.append(h.id) or real(h))
    store.set_note(ARTICLE, "id-7", "a new note")
    assert len(dumped) <= 4, dumped  # the changed highlight (and a probe or two)
    fresh = AnnotationStore(tmp_path / "ann").load(ARTICLE)
    assert fresh.get("id-7").note == "a new note" and fresh.read
    assert fresh.get("id-3").target.exact == highlights[3].target.exact
    path = store.path_for(ARTICLE)
    assert path.read_text().count("\n...\n") <= 1


def test_pieces_with_kept_scalars_join_as_one_dump_writes_them():
    rng = random.Random(2)
    values = ["x", "x\n", "x\n\n", "", "a\nb\n\n", "x \n\n", "a|b\n\n", "> q\n", "- |", "é\n\n"]
    for _ in range(400):
        hs = [
            replace(
                highlight(n, note=rng.choice(values)),
                author=rng.choice(values),
                target=replace(highlight(n).target, exact=rng.choice(values) or "q"),
            )
            for n in range(rng.randint(0, 4))
        ]
        ann = ArticleAnnotations(ARTICLE, note=rng.choice(values), highlights=hs)
        ann.extra = {"zeta": rng.choice(values)} if rng.random() < 0.3 else {}
        head = yaml_form.head_doc(ann)
        ordered = sorted(hs, key=Highlight.sort_key)
        whole = head | {"highlights": [yaml_form.highlight_doc(h) for h in ordered]} | ann.extra
        for python in (False, True):
            got = yaml_form._pieced(head, ordered, dict(ann.extra), python=python)
            assert got == yamlio.dump(whole, python=python)


# -- a warning above a sane size -------------------------------------------------------------


def test_a_very_large_file_is_named_once(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "LARGE_FILE_BYTES", 2_000)
    store = AnnotationStore(tmp_path / "ann", author="me")
    store.update(ARTICLE, lambda ann: ann.highlights.extend(highlight(n) for n in range(40)))
    said: list[str] = []
    store.on_warning = said.append
    fresh = AnnotationStore(tmp_path / "ann")
    fresh.on_warning = said.append
    fresh.load(ARTICLE)
    fresh.load(ARTICLE)
    (line,) = said
    assert str(fresh.path_for(ARTICLE)) in line and "\n" not in line
    assert fresh.warnings == [line]
    small = AnnotationStore(tmp_path / "ann")
    monkeypatch.setattr(store_module, "LARGE_FILE_BYTES", 5_000_000)
    small.load(ARTICLE)
    assert small.warnings == []


def test_the_cli_prints_the_warning(tmp_path, monkeypatch, capsys, seed_corpus):
    from seeds import S002

    monkeypatch.setattr(store_module, "LARGE_FILE_BYTES", 1_000)
    store = AnnotationStore(seed_corpus.parent / "annotations", author="me")
    store.update(S002, lambda ann: ann.highlights.extend(highlight(n) for n in range(20)))
    assert main(["--corpus", str(seed_corpus), "show", S002]) == 0
    err = capsys.readouterr().err
    warning = [line for line in err.splitlines() if "MB of annotations" in line]
    assert len(warning) == 1 and warning[0].startswith("warning: ")
    assert str(store.path_for(S002)) in warning[0]


# -- dumping ---------------------------------------------------------------------------------


class _Reference(yaml.SafeDumper):
    """The representer as it was: PyYAML's own, with briefing's choice of styles."""


def _reference_str(dumper, data):
    if frozenset("\r\x85\u2028\u2029\ufeff").isdisjoint(data):
        if "\n" in data:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return dumper.represent_str(data)
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')


_Reference.add_representer(str, _reference_str)
_Reference.add_representer(
    yamlio.Timestamp,
    lambda d, data: d.represent_scalar("tag:yaml.org,2002:timestamp", str(data)),
)

SCALARS = (
    st.text(max_size=12)
    | st.sampled_from(["x\n\n", "a \nb", "\x85", "yes", "1.5", "null", "👍\n", "- |", "&a"])
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.just(yamlio.Timestamp("2025-01-02T03:04:05Z"))
)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(0, 9), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DATA, st.booleans())
def test_the_quick_representer_dumps_what_pyyaml_dumps(data, python):
    shared = ["shared"]
    for value in (data, {"a": shared, "b": shared, "data": data}):
        want = yaml.dump(
            value,
            Dumper=_Reference,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=2**31 - 1,
        )
        if not python and yamlio._BaseDumper is not yaml.SafeDumper:
            want = yaml.dump(
                value,
                Dumper=type("_CReference", (yamlio._BaseDumper,), dict(_Reference.__dict__)),
                sort_keys=False,
                allow_unicode=True,
                default_flow_style=False,
                width=2**31 - 1,
            )
        assert yamlio.dump(value, python=python) == want
