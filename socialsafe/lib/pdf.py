"""HTML to PDF with WeasyPrint, for letters, the termly report, a case's chronology and a bundle's summary.

A PDF is made from the project's own templates and reads only local files (the school's logo) and `data:` URIs:
nothing is fetched over the network, whatever a template or a school's text might contain. Refusing the network also
spares each PDF the certificate store that WeasyPrint's default fetcher loads to be ready for https (tens of
milliseconds a PDF).
"""

import logging
import ssl
from functools import cache

from django.conf import settings

LOCAL_PROTOCOLS = ("file", "data")


@cache
def _unused_tls_context() -> ssl.SSLContext:
    # Given so that the fetcher does not build (and load certificates into) one per PDF; https is refused anyway.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def local_fetcher():
    """A fetcher for one PDF (it keeps per-request state) that opens local files and data URIs only."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=LOCAL_PROTOCOLS, ssl_context=_unused_tls_context(), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """The PDF of this HTML, with relative URLs resolved against the project's folder."""
    # WeasyPrint logs each rendering step at INFO: noise in the server's console.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=local_fetcher()).write_pdf()
