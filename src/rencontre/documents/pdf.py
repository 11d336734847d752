"""PDF from HTML with WeasyPrint: one document, a document made to fit its pages, a booklet.

Each part of a booklet is laid out on its own, so it starts on a new page and numbers its
pages from 1, as if printed alone.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

with warnings.catch_warnings():
    # WeasyPrint warns at import, as a DeprecationWarning, when the system's HarfBuzz comes
    # without its font-subsetting library; PDFs are right either way (fontTools subsets).
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
    from weasyprint import HTML
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

Progress = Callable[[int, int], None]
#: The same document laid out more and more tightly: the first that fits is kept.
Layouts = Sequence[Callable[[], str]]


def pdf_from_html(html: str) -> bytes:
    """One HTML document (with its own styles, no external resource) as PDF."""
    return _pdf([HTML(string=html).render(font_config=FontConfiguration())])


def fitted(layouts: Layouts, *, pages: int, fonts: FontConfiguration) -> Document:
    """The first layout whose document takes at most `pages` pages, else the last one."""
    document = None
    for layout in layouts:
        document = HTML(string=layout()).render(font_config=fonts)
        if len(document.pages) <= pages:
            break
    if document is None:
        raise ValueError("no layout to render")
    return document


def pdf_fitted(layouts: Layouts, *, pages: int = 1) -> bytes:
    """A document laid out to fit `pages` pages when one of its layouts can."""
    return _pdf([fitted(layouts, pages=pages, fonts=FontConfiguration())])


def pdf_booklet(
    parts: Sequence[Layouts], *, pages: int = 1, progress: Progress | None = None
) -> bytes:
    """One PDF of every part in order, each fitted to `pages` pages when it can be.

    `progress(done, total)` is called before the first part and after each one.
    """
    fonts = FontConfiguration()
    documents = []
    if progress is not None:
        progress(0, len(parts))
    for done, layouts in enumerate(parts, start=1):
        documents.append(fitted(layouts, pages=pages, fonts=fonts))
        if progress is not None:
            progress(done, len(parts))
    return _pdf(documents)


def _pdf(documents: Sequence[Document]) -> bytes:
    if not documents:
        raise ValueError("no document to write")
    every_page = [page for document in documents for page in document.pages]
    pdf: bytes = documents[0].copy(every_page).write_pdf()
    return pdf
