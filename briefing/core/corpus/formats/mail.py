"""E-mail files (``.eml``): subject, sender and date from the headers, the text from the
body, with the standard library's ``email`` package under ``policy.default``.

The plain-text part is preferred where a message has one, since it is the text its sender
wrote; a message with only an HTML part gets that part read as a page (trafilatura), and
an attached file is not read. The source is the ``Organization`` header when there is
one, else the domain of the sender's address.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

from briefing.core.corpus.formats.base import Extracted, Skip, clean_field, iso_day, paragraphs
from briefing.core.corpus.formats.html import html_article
from briefing.core.corpus.textio import UnreadableFile, decode


def read_email(data: bytes, name: str) -> list[Extracted]:
    """The one article of an e-mail message. Raises Skip when the file has no headers or
    no text part."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise Skip("not an e-mail message (no headers)")
    body = message.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        raise Skip("an e-mail with no text part")
    content, warnings = _content(body, name)
    if body.get_content_type() == "text/html":
        page = html_article(content, warnings)
        text, url, warnings = page.text, page.url, page.warnings
    else:
        text, url = paragraphs(content.split("\n\n")), None
    sender_name, address = parseaddr(_header(message, "from") or "")
    domain = address.rpartition("@")[2] or None
    return [
        Extracted(
            "email",
            text,
            title=clean_field(_header(message, "subject")),
            byline=clean_field(sender_name) or clean_field(address),
            date=_date(message),
            source=clean_field(_header(message, "organization")) or clean_field(domain),
            url=url,
            warnings=warnings,
        )
    ]


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message[name]
    except Exception:  # a header policy.default cannot parse
        return None
    return None if value is None else str(value)


def _date(message: EmailMessage) -> str | None:
    try:
        header = message["date"]
        return iso_day(getattr(header, "datetime", None))
    except Exception:
        return None


def _content(part: EmailMessage, name: str) -> tuple[str, tuple[str, ...]]:
    """A text part's content: as its charset says, else as any text file is decoded."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content, ()
    except (LookupError, UnicodeError, ValueError):  # an unknown or wrong charset label
        pass
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise Skip("an e-mail with an empty text part")
    try:
        decoded = decode(payload, name)
    except UnreadableFile as exc:
        raise Skip(exc.reason) from None
    return decoded.text, decoded.warnings
