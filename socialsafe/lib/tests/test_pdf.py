"""PDFs read local files and data URIs only: a template or a school's text can never make the server fetch a URL."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

from socialsafe.lib.pdf import html_to_pdf


def _image(path):
    Image.new("RGB", (40, 20), "navy").save(path)
    return path


def test_a_local_image_is_drawn(tmp_path):
    logo = _image(tmp_path / "logo.png")
    pdf = html_to_pdf(f'<p>Letterhead</p><img src="{logo.as_uri()}" alt="">')
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    assert b"/Subtype /Image" not in html_to_pdf("<p>Letterhead</p>")


def test_no_url_is_ever_fetched_from_the_network(tmp_path):
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # would hand back an image, if anything asked
            asked.append(self.path)
            body = _image(tmp_path / "served.png").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        pdf = html_to_pdf(
            f'<link rel="stylesheet" href="{url}/style.css"><p style="background: url({url}/bg.png)">Text</p>'
            f'<img src="{url}/tracker.png" alt=""><img src="https://127.0.0.1:{server.server_port}/x.png" alt="">'
        )
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert asked == []
    assert b"/Subtype /Image" not in pdf
