"""briefing: search, read, annotate and brief from a corpus of news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefing")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
