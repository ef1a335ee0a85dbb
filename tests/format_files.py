"""Small files of every format briefing reads, written by us for the tests (no copyrighted
pages): an HTML page, the same kind of page saved as .txt, an e-mail, an RSS feed, an
Atom feed, a PDF, a Word document, UTF-16 and cp1251 text. Each carries the boilerplate a
reader must leave out (navigation, share bar, "You may also like", footer) and says its
title, source, date and byline the way its format does.

PDFs are written by hand (a few objects and an xref table): pypdf reads but does not lay
out text. Word documents are written with python-docx itself.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

BOILERPLATE = (
    "Share on Facebook",
    "You may also like",
    "Wheat futures fall on weather outlook",
    "All rights reserved",
    "Privacy policy",
    "Sport",  # a navigation link
)


def page_html(
    title: str,
    site: str,
    author: str,
    published: str,
    url: str,
    paragraphs: list[str],
    charset: str = "utf-8",
) -> str:
    """A news page as sites write them: metadata in the head, the story in <article>,
    navigation, a share bar, a "You may also like" box and a footer around it."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T09:30:00Z">
<link rel="canonical" href="{url}">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a></nav></header>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email this article</a></div>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article></main>
<aside><h2>You may also like</h2><ul>
<li><a href="/a">Port strike ends after three weeks</a></li>
<li><a href="/b">Wheat futures fall on weather outlook</a></li></ul></aside>
<footer><p>© 2023 {site}. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></p></footer>
</body>
</html>
"""


HTML_PAGE = page_html(
    "Grain corridor deal extended for 120 days",
    "The Harbour Herald",
    "Mara Lindqvist",
    "2023-03-18",
    "https://harbour-herald.example/world/grain-corridor-extended",
    [
        "ISTANBUL — Negotiators agreed on Saturday to extend the arrangement that lets grain "
        "ships leave Black Sea ports for another 120 days, officials said after a night of talks.",
        "The extension keeps open a route that carried more than 25 million tonnes of grain "
        "and other foodstuffs since the summer, easing prices across North Africa.",
        "Shipping insurers said they expected traffic to return to its earlier pace within a "
        "fortnight, although several operators warned that inspections remained slow.",
    ],
)

SAVED_PAGE = page_html(
    "Ferry operators strike over night shifts",
    "Coastal Courier",
    "Tomas Rivera",
    "2023-04-11",
    "https://coastal-courier.example/news/ferry-strike",
    [
        "Ferry crews on the northern routes walked out on Tuesday in a dispute over night "
        "shifts, stranding hundreds of passengers at the harbour terminal.",
        "The union said the operators had broken an agreement on rest periods signed two "
        "years ago; the companies said talks would resume on Thursday.",
        "Commuters queued for buses along the coast road while the harbourmaster closed "
        "two berths to make room for freight vessels.",
    ],
)


def email_bytes(html_only: bool = False) -> bytes:
    """A market alert as a mail client saves it (.eml): plain text, or only HTML."""
    message = EmailMessage()
    message["Subject"] = "Central bank holds rates at 4.5 per cent"
    message["From"] = "Ines Okafor <ines.okafor@marketwire.example>"
    message["To"] = "desk@example.org"
    message["Date"] = "Sun, 02 Apr 2023 08:15:00 +0000"
    message["Organization"] = "Marketwire"
    story = [
        "The central bank left its main rate at 4.5 per cent on Sunday, saying inflation "
        "had slowed for a third month but remained above its target.",
        "Economists had expected the pause; two of the seven board members voted for a "
        "further quarter-point rise, the minutes showed.",
    ]
    if html_only:
        message.set_content(
            page_html(
                "Central bank holds rates at 4.5 per cent",
                "Marketwire",
                "Ines Okafor",
                "2023-04-02",
                "https://marketwire.example/alerts/rates",
                story,
            ),
            subtype="html",
        )
    else:
        footer = (
            "Share this article\n\nFollow us on LinkedIn\n\n© 2023 Marketwire. All rights reserved."
        )
        message.set_content("\n\n".join(story) + "\n\n" + footer + "\n")
    return bytes(message)


RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Northern Wire</title>
<link>https://northern-wire.example/</link>
<description>News from the north</description>
<item>
  <title>Floods close the river port at Vesterby</title>
  <link>https://northern-wire.example/2023/05/floods-close-river-port</link>
  <guid>https://northern-wire.example/2023/05/floods-close-river-port</guid>
  <dc:creator>Astrid Nyholm</dc:creator>
  <pubDate>Tue, 09 May 2023 06:00:00 GMT</pubDate>
  <description>&lt;p&gt;Rising water closed the river port at Vesterby on Tuesday, and barges
  carrying timber were held upstream.&lt;/p&gt;&lt;p&gt;Harbour officials said the quays
  would stay shut until the level fell below the flood mark.&lt;/p&gt;</description>
</item>
<item>
  <title>Fishing quotas agreed after all-night talks</title>
  <link>https://northern-wire.example/2023/05/fishing-quotas-agreed</link>
  <guid>https://northern-wire.example/2023/05/fishing-quotas-agreed</guid>
  <dc:creator>Lars Eklund</dc:creator>
  <pubDate>Mon, 08 May 2023 18:30:00 GMT</pubDate>
  <description>Ministers agreed herring and cod quotas for the coming season after
  all-night talks, cutting the cod catch by a tenth.</description>
</item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Notes</title>
  <id>tag:harbour-notes.example,2023:feed</id>
  <updated>2023-06-02T10:00:00Z</updated>
  <entry>
    <title>Dredging of the inner channel begins</title>
    <id>tag:harbour-notes.example,2023:dredging-inner-channel</id>
    <link href="https://harbour-notes.example/dredging"/>
    <author><name>Pia Sorensen</name></author>
    <published>2023-06-01T08:00:00Z</published>
    <updated>2023-06-02T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Dredgers began deepening the inner channel on
    Thursday so that larger container ships can berth at night.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def _pdf_text(line: str) -> bytes:
    raw = line.encode("cp1252", "replace")  # Helvetica in WinAnsi has no other letters
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A PDF of *pages* (each a list of lines, in Helvetica) with document information
    *info* (``Title``, ``Author``, ``CreationDate`` as ``D:YYYYMMDDHHmmSSZ``)."""
    count = len(pages)
    info_id = 4 + 2 * count
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for i, lines in enumerate(pages):
        stream = b"BT /F1 11 Tf 14 TL 72 740 Td " + b" ".join(
            _pdf_text(line) + b" Tj T*" for line in lines
        )
        stream += b" ET"
        objects[4 + 2 * i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects[5 + 2 * i] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    objects[info_id] = (
        b"<< "
        + b" ".join(b"/%s %s" % (k.encode(), _pdf_text(v)) for k, v in (info or {}).items())
        + b" >>"
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, info_id, xref)
    )
    return out.getvalue()


PDF_PAGES = [
    [
        "Fisheries outlook for the Baltic",
        "",
        "Baltic Maritime Review, May 10, 2023",
        "",
        "Cod stocks in the western Baltic fell again last year, the survey found,",
        "and scientists advised a further cut in the allowed catch.",
    ],
    [
        "Herring catches held steady along the northern coast, where cooler water",
        "favoured spawning. Processors reported stable prices through the winter.",
    ],
]
PDF_INFO = {
    "Title": "Fisheries outlook for the Baltic",
    "Author": "Jonas Berg",
    "CreationDate": "D:20230510120000Z",
}


def pdf_bytes() -> bytes:
    return make_pdf(PDF_PAGES, PDF_INFO)


def encrypted_pdf_bytes(password: str = "secret") -> bytes:
    """The fixture PDF, encrypted with a user password (pypdf does that part)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    """A memo as Word saves it: a Title paragraph, prose, a table, core properties."""
    from datetime import datetime

    import docx

    document = docx.Document()
    document.add_paragraph("Water rationing plan for the capital", style="Title")
    document.add_paragraph("Capital Water Authority, June 1, 2023")
    document.add_paragraph(
        "Households in the capital will receive water on alternate days from next week, "
        "the authority said, as reservoirs stood at a third of their capacity."
    )
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "District"
    table.cell(0, 1).text = "Supply days"
    table.cell(1, 0).text = "Old Town"
    table.cell(1, 1).text = "Monday, Wednesday, Friday"
    document.add_paragraph("Share this article")
    props = document.core_properties
    props.title = "Water rationing plan for the capital"
    props.author = "Sara Haddad"
    props.created = datetime(2023, 6, 1, 7, 0, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


UTF16_TEXT = (
    "Notes from the harbour office\n\n"
    "By Zoë Müller\n\n"
    "Harbour Gazette, May 2, 2023\n\n"
    "The harbour office in Århus said the new café on the quay would open in spring, "
    "and that the crane rebuilt after the storm was working again.\n"
)

RUSSIAN_TEXT = (
    "Москва утвердила новые квоты на вывоз зерна\n\n"
    "Правительство России утвердило квоты на экспорт пшеницы и ячменя до конца сезона. "
    "По словам министра сельского хозяйства, решение поможет сдержать рост цен на хлеб "
    "внутри страны.\n"
)


@dataclass(frozen=True)
class Expected:
    """What `briefing list` should show for one article of the mixed corpus, and a phrase
    of its text to search for and highlight."""

    id: str
    title: str
    source: str | None
    date: str | None
    byline: str | None
    phrase: str
    format: str


MIXED = (
    Expected(
        "web/grain-corridor",
        "Grain corridor deal extended for 120 days",
        "The Harbour Herald",
        "2023-03-18",
        "Mara Lindqvist",
        "inspections remained slow",
        "html",
    ),
    Expected(
        "web/saved-page",
        "Ferry operators strike over night shifts",
        "Coastal Courier",
        "2023-04-11",
        "Tomas Rivera",
        "stranding hundreds of passengers",
        "html",
    ),
    Expected(
        "mail/rates-alert",
        "Central bank holds rates at 4.5 per cent",
        "Marketwire",
        "2023-04-02",
        "Ines Okafor",
        "remained above its target",
        "email",
    ),
    Expected(
        "feeds/northern/floods-close-river-port",
        "Floods close the river port at Vesterby",
        "Northern Wire",
        "2023-05-09",
        "Astrid Nyholm",
        "barges carrying timber",
        "feed",
    ),
    Expected(
        "feeds/northern/fishing-quotas-agreed",
        "Fishing quotas agreed after all-night talks",
        "Northern Wire",
        "2023-05-08",
        "Lars Eklund",
        "cutting the cod catch",
        "feed",
    ),
    Expected(
        "reports/fisheries",
        "Fisheries outlook for the Baltic",
        "Baltic Maritime Review",
        "2023-05-10",
        "Jonas Berg",
        "Processors reported stable prices",
        "pdf",
    ),
    Expected(
        "memos/water",
        "Water rationing plan for the capital",
        "Capital Water Authority",
        "2023-06-01",
        "Sara Haddad",
        "alternate days from next week",
        "docx",
    ),
    Expected(
        "text/harbour-utf16",
        "Notes from the harbour office",
        "Harbour Gazette",
        "2023-05-02",
        "Zoë Müller",
        "the new café on the quay",
        "text",
    ),
    Expected(
        "text/moscow-cp1251",
        "Москва утвердила новые квоты на вывоз зерна",
        None,
        None,
        None,
        "квоты на экспорт пшеницы",
        "text",
    ),
)

UNSUPPORTED = {"data/prices.xlsx": ".xlsx", "data/archive.zip": ".zip"}


def write_mixed_corpus(root: Path) -> Path:
    """One small file of every kind under *root* (made here), plus two files no reader
    takes; returns *root*. Ids and what each should show are in :data:`MIXED`."""
    files = {
        "web/grain-corridor.html": HTML_PAGE.encode("utf-8"),
        "web/saved-page.txt": SAVED_PAGE.encode("utf-8"),
        "mail/rates-alert.eml": email_bytes(),
        "feeds/northern.rss": RSS_FEED.encode("utf-8"),
        "reports/fisheries.pdf": pdf_bytes(),
        "memos/water.docx": docx_bytes(),
        "text/harbour-utf16.txt": codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"),
        "text/moscow-cp1251.txt": RUSSIAN_TEXT.encode("cp1251"),
        "data/prices.xlsx": b"PK\x03\x04" + bytes(200),
        "data/archive.zip": b"PK\x05\x06" + bytes(18),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root
