"""Issue 17: a W3C export imported into an empty annotations folder gives back the YAML,
byte for byte, for every seed article: highlights, article tags, article note and
metadata corrections; and importing again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from interop import AUTHOR, PLAN, WEB, WEB_URL, yaml_files
from seeds import S000, S001, SEED_IDS

from briefing.core.annotations import AnnotationStore
from briefing.core.export import collect, import_data, render
from briefing.core.index import CorpusIndex


def test_every_seed_article_comes_back_byte_for_byte(
    tmp_path: Path, interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    exported = render(collect(interop_index, interop_store), "json")
    fresh = AnnotationStore(tmp_path / "fresh", author="someone else")
    report = import_data(exported, interop_index, fresh, name="all.json")
    assert report.skipped == [] and report.conflicts == [] and report.orphaned == 1
    before = yaml_files(interop_store.root)
    assert set(before) >= {f"{aid}.yaml" for aid in SEED_IDS}
    assert yaml_files(fresh.root) == before
    ann = fresh.load(S000)
    assert ann.tags == ["Havana", "law enforcement"]
    assert ann.note == PLAN[S000][2]
    assert ann.overrides == {"title": "US to send delegation to Cuba", "source": "Wire"}
    assert fresh.load(S001).highlights[-1].target.content_hash == "old"  # the orphan, whole

    # Again: nothing changes, not a byte; and the export of the copy is the same file.
    again = import_data(exported, interop_index, fresh, name="all.json")
    assert (again.added, again.updated) == (0, 0) and again.unchanged == report.added
    assert yaml_files(fresh.root) == before
    assert render(collect(interop_index, fresh), "json") == exported


def test_targets_carry_the_web_address_and_our_urn(
    interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    doc = json.loads(render(collect(interop_index, interop_store), "json"))
    web = [i for i in doc["first"]["items"] if i["target"]["briefing:path"] == "web/cuba-talks.md"]
    assert web and all(i["target"]["source"] == WEB_URL for i in web)
    assert all(i["target"]["briefing:article"] == f"urn:briefing:article:{WEB}" for i in web)


def test_article_data_merges_without_losing_anything(
    tmp_path: Path, interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    """Their tags are added to ours; a note or correction of ours that differs is kept,
    reported, and theirs left in the leftovers (the YAML keeps no time to decide by)."""
    exported = render(collect(interop_index, interop_store), "json")
    mine = AnnotationStore(tmp_path / "mine", author=AUTHOR)
    mine.set_article_tags(S000, ["mine"])
    mine.set_article_note(S000, "My own note.")
    mine.set_overrides(S000, title="My title")
    from briefing.core.export import plan_import, read_import

    plan = plan_import(read_import(exported, "all.json"), interop_index, mine)
    report = plan.apply(mine)
    ann = mine.load(S000)
    assert ann.tags == ["mine", "Havana", "law enforcement"]
    assert ann.note == "My own note."
    assert ann.overrides == {"title": "My title", "source": "Wire"}
    assert sorted(report.conflicts) == [
        f"{S000}: kept your article note; theirs differs",
        f"{S000}: kept your corrected title; theirs differs",
    ]
    left = json.loads(plan.leftovers_text() or "{}")
    kinds = sorted(i["motivation"] for i in left["first"]["items"])
    assert kinds == ["commenting", "editing"] and left["total"] == 2
    assert all(i["target"]["briefing:article"].endswith(S000) for i in left["first"]["items"])
    assert AUTHOR  # the highlights' author came along unchanged


def test_a_hand_added_correction_travels_too(
    tmp_path: Path, interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    interop_store.update(S001, lambda ann: ann.overrides.update(place="Havana"))
    exported = render(collect(interop_index, interop_store), "json")
    fresh = AnnotationStore(tmp_path / "fresh")
    import_data(exported, interop_index, fresh)
    assert fresh.load(S001).overrides == {"date": "2023-01-13", "place": "Havana"}
    assert yaml_files(fresh.root) == yaml_files(interop_store.root)
