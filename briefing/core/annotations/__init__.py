"""Highlights, notes and tags: the model, the YAML store, anchoring and placing.

One YAML file per annotated article under the annotations folder (beside the corpus,
shared through git). :func:`annotate_article` joins an article and its annotations into an
:class:`AnnotatedArticle`, the one view of it every front end shows. Highlight offsets are
code points of the article's clean text.
"""

from briefing.core.annotations.anchoring import (
    CONTEXT_CHARS,
    Anchor,
    AnchorStatus,
    TextQuote,
    quote_at,
    reanchor,
)
from briefing.core.annotations.annotated import AnnotatedArticle, annotate_article
from briefing.core.annotations.carried import (
    CarriedHighlight,
    carried_from_store,
    carry_highlights,
)
from briefing.core.annotations.flags import flagged, flags_of, search_flagged, split_flags
from briefing.core.annotations.index_source import StoreAnnotationSource
from briefing.core.annotations.model import (
    NO_DATE,
    AnnotationError,
    AnnotationFileError,
    ArticleAnnotations,
    Highlight,
    InvalidAnnotation,
    InvalidText,
    MergeOutcome,
    clean_label,
    text_problem,
    utc_now,
)
from briefing.core.annotations.placing import (
    PlacedHighlight,
    apply_overrides,
    find_quote,
    line_number,
    locate_quote,
    place_highlights,
)
from briefing.core.annotations.searches import (
    SavedSearch,
    SavedSearches,
    new_since_visit,
    run_saved,
)
from briefing.core.annotations.store import (
    AnnotationStore,
    AnnotationWriteError,
    UnknownHighlight,
    default_author,
)
from briefing.core.annotations.triage import (
    Candidate,
    candidates,
    find_highlight,
    reattach,
    triage_in_copies,
)
from briefing.core.annotations.yaml_form import SCHEMA_VERSION
from briefing.core.corpus import clean_tags

__all__ = [
    "NO_DATE",
    "CONTEXT_CHARS",
    "SCHEMA_VERSION",
    "Anchor",
    "AnchorStatus",
    "AnnotatedArticle",
    "Candidate",
    "CarriedHighlight",
    "AnnotationError",
    "AnnotationFileError",
    "AnnotationStore",
    "AnnotationWriteError",
    "ArticleAnnotations",
    "Highlight",
    "InvalidAnnotation",
    "InvalidText",
    "MergeOutcome",
    "PlacedHighlight",
    "SavedSearch",
    "SavedSearches",
    "StoreAnnotationSource",
    "TextQuote",
    "UnknownHighlight",
    "annotate_article",
    "candidates",
    "carried_from_store",
    "carry_highlights",
    "apply_overrides",
    "clean_label",
    "clean_tags",
    "default_author",
    "find_highlight",
    "find_quote",
    "flagged",
    "line_number",
    "locate_quote",
    "place_highlights",
    "new_since_visit",
    "quote_at",
    "run_saved",
    "reattach",
    "flags_of",
    "search_flagged",
    "split_flags",
    "reanchor",
    "text_problem",
    "triage_in_copies",
    "utc_now",
]
