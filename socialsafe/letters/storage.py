"""Issued letters' PDF and Word files, encrypted on disk (lib.crypto) under MEDIA_ROOT; opened, they are plaintext."""

from socialsafe.lib.crypto_storage import EncryptedFileSystemStorage


def letter_storage() -> EncryptedFileSystemStorage:
    """The storage of Letter.pdf and Letter.docx (a callable, so migrations name it rather than a location)."""
    return EncryptedFileSystemStorage()
