"""The user's key remapping (`keys:` in config.yaml), checked against our binding ids."""

from __future__ import annotations

from textual.binding import Binding

from briefing.core.display import one_line


def binding_ids() -> set[str]:
    """Every binding id the app defines, on every screen and widget that binds keys."""
    # Imported here: this module is imported by the app, and these import the app's parts.
    from briefing.tui.annotations_view import AnnotationsScreen
    from briefing.tui.app import BriefingApp
    from briefing.tui.article_list import ArticleList
    from briefing.tui.article_pane import ArticlePane
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

    classes = (
        BriefingApp,
        ArticleList,
        Reader,
        ArticlePane,
        ReaderPane,
        Readers,
        SearchBox,
        FindBox,
        LibraryPane,
        SavedSearchesScreen,
        SaveSearchDialog,
        HelpScreen,
        AnnotationsScreen,
        NoteEditor,
        TagEditor,
        MetadataEditor,
        ExportDialog,
    )
    return {
        b.id for cls in classes for b in cls.BINDINGS if isinstance(b, Binding) and b.id is not None
    }


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
