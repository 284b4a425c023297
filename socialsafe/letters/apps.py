import sys
import threading
from pathlib import Path

from django.apps import AppConfig


def _load_weasyprint() -> None:
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401


class LettersConfig(AppConfig):
    name = "socialsafe.letters"
    label = "letters"

    def ready(self) -> None:
        # Loading WeasyPrint takes seconds on a busy machine (Pango, HarfBuzz, fontTools). A web server loads it in
        # the background as it starts, so the first letter is not that slow; commands and tests do not pay for it.
        program = Path(sys.argv[0]).name if sys.argv else ""
        if "runserver" in sys.argv or program.startswith("gunicorn"):
            threading.Thread(target=_load_weasyprint, name="load-weasyprint", daemon=True).start()
