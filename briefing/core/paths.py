"""Where derived data lives: the index, app state and user configuration.

Nothing derived is ever written into the corpus or annotations folders. The index is a
cache, keyed by the corpus folder's absolute path, so two corpora never share one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP = "briefing"


def _override(env: str) -> Path | None:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else None


def cache_root() -> Path:
    return _override("BRIEFING_CACHE") or Path(platformdirs.user_cache_dir(APP))


def state_root() -> Path:
    return _override("BRIEFING_STATE") or Path(platformdirs.user_state_dir(APP))


def config_root() -> Path:
    return _override("BRIEFING_CONFIG") or Path(platformdirs.user_config_dir(APP))


def corpus_key(corpus: Path) -> str:
    """A short stable name for a corpus folder, for per-corpus caches and state."""
    resolved = str(corpus.expanduser().resolve())
    # surrogateescape: a folder name that is not UTF-8 (from an old zip) hashes by its bytes
    # instead of raising UnicodeEncodeError in every command; the name part is made safe.
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = corpus.resolve().name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return f"{name or 'corpus'}-{digest}"


def index_dir(corpus: Path, override: Path | None = None) -> Path:
    """The index folder: `--index`, else $BRIEFING_INDEX, else the user cache."""
    return override or _override("BRIEFING_INDEX") or cache_root() / "index" / corpus_key(corpus)


def annotations_dir(corpus: Path, override: Path | None = None) -> Path:
    """The annotations folder: `--annotations`, else `annotations/` beside the corpus."""
    return override or corpus.expanduser().resolve().parent / "annotations"


def exports_dir(annotations: Path) -> Path:
    """Where the app writes an export unless told otherwise: `exports/` beside the
    annotations folder (so beside the corpus by default). Not the current folder, which
    for `make run` is the repository itself; not inside the annotations folder, which is
    the store's alone and shared through git."""
    return annotations.parent / "exports"


def state_file(corpus: Path) -> Path:
    """Per-corpus app state (reading positions), outside the corpus."""
    return state_root() / f"{corpus_key(corpus)}.json"


def config_file() -> Path:
    return config_root() / "config.yaml"


def user_cleaning_rules(corpus: Path) -> list[Path]:
    """Extra cleaning rule files, in the order they apply: user config, then the corpus's own."""
    return [config_root() / "cleaning.yaml", corpus / ".briefing" / "cleaning.yaml"]


def is_inside(path: Path, folder: Path) -> bool:
    """True when *path*, once symlinks and ``..`` are resolved, is *folder* or below it."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def locations(
    corpus: Path, *, annotations: Path | None = None, index: Path | None = None
) -> dict[str, Path]:
    """Where everything about *corpus* lives, whether or not it exists yet (for
    ``briefing paths``): no folder is created and the corpus need not exist."""
    corpus = Path(corpus).expanduser().resolve()
    user_rules, corpus_rules = user_cleaning_rules(corpus)
    return {
        "corpus": corpus,
        "annotations": annotations_dir(corpus, annotations),
        "exports": exports_dir(annotations_dir(corpus, annotations)),
        "index": index_dir(corpus, index),
        "state": state_file(corpus),
        "config": config_file(),
        "cleaning rules (user)": user_rules,
        "cleaning rules (corpus)": corpus_rules,
    }
