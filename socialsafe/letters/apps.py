import sys
import threading

from django.apps import AppConfig


def _load_weasyprint() -> None:
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401


class LettersConfig(AppConfig):
    name = "socialsafe.letters"
    label = "letters"

    def ready(self) -> None:
        # Loading WeasyPrint takes seconds on a busy machine (Pango, HarfBuzz, fontTools); commands and tests do not
        # pay for it. Under gunicorn it loads here, before any request: with preload_app (gunicorn.conf.py) that is
        # once, in the master, and every worker forked from it has it already. runserver loads it in the background
        # as it starts, so the first letter is not that slow and the laptop's server is not held up.
        if "gunicorn.arbiter" in sys.modules:
            _load_weasyprint()
        elif "runserver" in sys.argv:
            threading.Thread(target=_load_weasyprint, name="load-weasyprint", daemon=True).start()
