"""The user's key remapping (`keys:` in config.yaml), checked against our binding ids:
ids no binding has, and keys the remapping gives to two actions at once."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from textual.app import App
from textual.binding import Binding

from briefing.core.display import one_line


def contexts() -> list[tuple[str, tuple[type, ...]]]:
    """Where keys are read: a name and the classes whose bindings are live together, from
    the focused widget out. Under a modal screen only the screen's own bindings and the
    app's priority ones (tab) are (Textual stops the chain at a modal)."""
    # Imported here: this module is imported by the app, and these import the app's parts.
    from briefing.tui.annotations_view import AnnotationsScreen
    from briefing.tui.app import BriefingApp
    from briefing.tui.article_list import ArticleList
    from briefing.tui.editors import MetadataEditor, NoteEditor, TagEditor
    from briefing.tui.export_dialog import ExportDialog
    from briefing.tui.find_box import FindBox
    from briefing.tui.help import HelpScreen
    from briefing.tui.library import LibraryPane
    from briefing.tui.panes import ReaderPane
    from briefing.tui.reader import Reader
    from briefing.tui.readers import Readers
    from briefing.tui.saved_searches import SavedSearchesScreen, SaveSearchDialog
    from briefing.tui.search_box import SearchBox

    return [
        ("the list", (ArticleList, LibraryPane, BriefingApp)),
        ("the search box", (SearchBox, LibraryPane, BriefingApp)),
        ("the reader", (Reader, ReaderPane, Readers, BriefingApp)),
        ("the find box", (FindBox, ReaderPane, Readers, BriefingApp)),
        ("help", (HelpScreen,)),
        ("the annotations view", (AnnotationsScreen,)),
        ("the saved searches", (SavedSearchesScreen,)),
        ("the save search dialog", (SaveSearchDialog,)),
        ("the note editor", (NoteEditor,)),
        ("the tag editor", (TagEditor,)),
        ("the metadata editor", (MetadataEditor,)),
        ("the export dialog", (ExportDialog,)),
    ]


def _bindings(classes: tuple[type, ...]) -> Iterator[Binding]:
    """The bindings with an id that *classes* (and their bases) declare; under a modal
    screen, with the app's priority bindings."""
    modal = not any(issubclass(cls, App) for cls in classes)
    for cls in classes:
        for base in cls.__mro__:
            for b in base.__dict__.get("BINDINGS", ()):
                if isinstance(b, Binding) and b.id is not None:
                    yield b
    if modal:
        from briefing.tui.app import BriefingApp

        yield from (b for b in BriefingApp.BINDINGS if isinstance(b, Binding) and b.priority)


def binding_ids() -> set[str]:
    """Every binding id the app defines, on every screen and widget that binds keys."""
    return {b.id for _, classes in contexts() for b in _bindings(classes) if b.id}


def unknown_ids_warning(keys: dict[str, str]) -> str | None:
    """One line naming the ids in *keys* that no binding has (a typo stays silent in
    Textual: the key simply never changes), or None when all are known."""
    unknown = sorted(set(keys) - binding_ids())
    if not unknown:
        return None
    names = ", ".join(repr(one_line(k, 40)) for k in unknown[:5])
    more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
    return (
        f"config.yaml: no key binding has the id {names}{more}; "
        "? lists the ids (briefing paths shows where the file is)"
    )


def _clashes(classes: tuple[type, ...], keymap: dict[str, str]) -> set[tuple[str, str, str]]:
    """(key, id, id) for each key two ids hold at once among *classes* under *keymap*."""
    holders: dict[str, set[str]] = {}
    for b in _bindings(classes):
        assert b.id is not None
        for key in keymap.get(b.id, b.key).split(","):
            holders.setdefault(key.strip(), set()).add(b.id)
    return {(key, *pair) for key, ids in holders.items() for pair in combinations(sorted(ids), 2)}


def duplicate_keys_warnings(keys: dict[str, str]) -> list[str]:
    """One line for each key *keys* gives to two actions where both are live at once
    (Textual then silently drops one of them). Keys the defaults already share on purpose
    (escape: back in the list, cancel in a dialog) are not reported."""
    # Textual's own spelling: "?" and "/" in config.yaml are "question_mark" and "slash".
    keymap = App._normalize_keymap(keys)
    found: dict[tuple[str, str, str], str] = {}
    for where, classes in contexts():
        for clash in sorted(_clashes(classes, keymap) - _clashes(classes, {})):
            found.setdefault(clash, where)
    return [
        f"config.yaml: {one_line(key, 20)} is bound to both {a!r} and {b!r} in {where}; "
        "give one of them another key"
        for (key, a, b), where in found.items()
    ]


def keymap_warnings(keys: dict[str, str]) -> list[str]:
    """Every warning about the user's `keys:`, one line each."""
    unknown = unknown_ids_warning(keys)
    return [*([unknown] if unknown else []), *duplicate_keys_warnings(keys)]
