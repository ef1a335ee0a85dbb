"""Whoosh 2.7.4's compile-time warnings, silenced at our import boundary (and only those).

The 2016 release has invalid escape sequences in its source. Compiled without cached
bytecode (a ``--no-compile`` install, ``PYTHONDONTWRITEBYTECODE=1`` after a cache wipe)
Python reports each one when the module is compiled: six ``SyntaxWarning``s on stderr of
every ``briefing search`` on 3.12+, a ``DeprecationWarning`` on 3.11 that ``-W error``
turns into an import failure. The filter matches Whoosh's own files by path, so warnings
from our code, or from anything else, still show.
"""

from __future__ import annotations

import importlib.util
import os
import re
import warnings


def silence_whoosh_compile_warnings() -> None:
    """Ignore SyntaxWarning and DeprecationWarning raised while compiling Whoosh's files."""
    spec = importlib.util.find_spec("whoosh")
    if spec is None or spec.origin is None:
        return
    # For compile-time warnings the filter's "module" is the file's path less ".py".
    folder = re.escape(os.path.dirname(spec.origin) + os.sep)
    for category in (SyntaxWarning, DeprecationWarning):
        warnings.filterwarnings("ignore", category=category, module=folder)


silence_whoosh_compile_warnings()
