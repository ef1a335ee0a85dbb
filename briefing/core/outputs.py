"""Where output may be written: never inside the corpus, never into the annotations folder,
an existing file only when asked; and writing it atomically.

Both front ends write exports and import leftovers only through these rules (the
workspace holds one :class:`OutputRules`). Paths are checked resolved, so neither a symlink
nor ``..`` gets round them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from briefing.core import atomic
from briefing.core.errors import Failure, UserError
from briefing.core.paths import exports_dir, is_inside


class OutputRules:
    """The output rules of one corpus and its annotations folder."""

    def __init__(self, corpus: Path, annotations_dir: Path) -> None:
        self.corpus = corpus
        self.annotations_dir = annotations_dir
        #: Where an export goes unless the user says otherwise (:func:`exports_dir`).
        self.default_folder = exports_dir(annotations_dir)

    def check(self, path: Path, *, replace: bool = True, folder: bool = False) -> None:
        """Refuse an output path the workspace must not write: inside the corpus (never
        written) or the annotations folder (the store's alone), a folder, or, unless
        *replace*, a file that exists (the CLI replaces one only with ``--force``; the
        app's export dialog asks first). With *folder* (``FOLDER_FORMATS``), *path* is a
        folder that may exist, but not as a file. Raises UserError."""
        for where, what in ((self.corpus, "the corpus"), (self.annotations_dir, "the annotations")):
            if is_inside(path, where):
                raise UserError(f"{path} is inside {what} folder ({where}): write somewhere else.")
        if folder:
            if os.path.lexists(path) and not Path(path).is_dir():
                raise UserError(f"{path} is not a folder: give a folder to write the notes in.")
            return
        if Path(path).is_dir():
            raise UserError(f"{path} is a folder: give a file name.")
        # lexists: a dangling symlink is there too, and os.replace would replace it
        if not replace and os.path.lexists(path):
            raise UserError(
                f"{path} already exists: pass --force to replace it, or choose another name."
            )

    def write(self, path: Path, output: str | Mapping[str, str], *, replace: bool = True) -> None:
        """Write an export (UTF-8) atomically at *path*, after :meth:`check` with
        *replace*. Given a folder's files (name → text), *path* is the folder, made if need
        be, and each file is checked as an output of its own (a link into the corpus is
        refused) before any is written. A write that fails is a :class:`Failure` naming
        the path; no file is left half-written."""
        if isinstance(output, str):
            self.check(path, replace=replace)
            self._write(Path(path), output)
            return
        self.check(path, replace=replace, folder=True)
        for name in output:
            if Path(name).name != name or name in ("", ".", ".."):
                raise Failure(f"cannot write {name!r} in {path}: not a plain file name")
            self.check(Path(path) / name, replace=replace)
        try:
            atomic.make_dirs(Path(path))
        except OSError as exc:
            raise Failure(f"cannot make the folder {path}: {exc.strerror or exc}") from None
        for name, text in output.items():
            self._write(Path(path) / name, text)

    def _write(self, path: Path, text: str) -> None:
        try:
            atomic.write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise Failure(f"cannot write {path}: {why}; choose another path") from None
