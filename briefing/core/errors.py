"""One error tree for everything the core raises to a front end.

``str()`` of every :class:`BriefingError` is one line fit to show a person: it names the
file, query or id at fault and says what to do. Two branches decide what the command line
does with it:

* :class:`UserError`: the command or its input is wrong (a bad query, an unknown article id,
  an export path inside the corpus). Exit status 2.
* :class:`Failure`: the command was fine but something outside it is not (an annotations
  file that does not parse, a folder that cannot be written). Exit status 1.

Each room of the core subclasses these (``QueryError``, ``AnnotationFileError``...), so a
front end catches :class:`BriefingError` once and reads ``exit_code``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class BriefingError(Exception):
    """Base of every error the core means a person to read; ``str()`` is one line."""

    exit_code = EXIT_FAILURE


class UserError(BriefingError):
    """The request itself is wrong: fix the command, the query or the value. Exit 2."""

    exit_code = EXIT_USAGE


class Failure(BriefingError):
    """Something outside the request is wrong (a file, a folder, a lock). Exit 1."""

    exit_code = EXIT_FAILURE
