"""A checked photo stays in memory: never written to a temporary upload file on the server's disk, even briefly."""

import io
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from socialsafe.postcheck.photo import MAX_PHOTO_BYTES


class PhotoInMemory(FileUploadHandler):
    """Keeps an uploaded file in memory up to MAX_PHOTO_BYTES + 1 bytes, and its whole size, so the form can say
    "too large" without the rest of it ever being kept anywhere."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data: bytes, start: int):
        room = MAX_PHOTO_BYTES + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        self.size += len(raw_data)
        return None  # no handler after this one: nothing reaches a temporary file

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, self.size, self.charset
        )


def photo_in_memory(view):
    """View decorator: the request's files are held by PhotoInMemory. The CSRF check still runs (Django reads the
    body while checking it, so the handlers are set first, then the check: its documented pattern)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [PhotoInMemory(request)]
        return protected(request, *args, **kwargs)

    return wrapped
