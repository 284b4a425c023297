"""Photos sent with a request to the Principal, encrypted on disk (lib.crypto) under MEDIA_ROOT."""

from socialsafe.lib.crypto_storage import EncryptedFileSystemStorage


def postcheck_storage() -> EncryptedFileSystemStorage:
    """The storage of the requests' photos (a callable, so migrations name it rather than a location)."""
    return EncryptedFileSystemStorage()
