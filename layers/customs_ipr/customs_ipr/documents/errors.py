"""Why an uploaded document could not be read: one stable code and one plain sentence each."""

from __future__ import annotations

from customs_ipr.errors import CustomsIprError


class DocumentError(CustomsIprError):
    """An uploaded file that cannot be parsed; the upload is kept and the error recorded."""

    code = "document_error"
    default_message = "The document could not be read."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class EmptyFile(DocumentError):
    code = "empty_file"
    default_message = "The file is empty (0 bytes)."


class NotPdf(DocumentError):
    code = "not_pdf"
    default_message = "The file is not a PDF document."


class TruncatedPdf(DocumentError):
    code = "truncated_pdf"
    default_message = "The PDF file is incomplete (it was cut off before its end); upload it again."


class DamagedPdf(DocumentError):
    code = "damaged_pdf"
    default_message = "The PDF file is damaged and cannot be read."


class EncryptedPdf(DocumentError):
    code = "encrypted_pdf"
    default_message = "The PDF is protected by a password; upload it without the password."


class NoTextLayer(DocumentError):
    code = "no_text_layer"
    default_message = (
        "The PDF has no text layer (it looks like a scanned image); "
        "text recognition (OCR) is not done, so upload the PDF printed from the system."
    )


class UnrecognizedDocument(DocumentError):
    code = "unrecognized_document"
    default_message = (
        "The PDF is neither a customs goods declaration nor a rights holder's written reply."
    )


class TooManyPages(DocumentError):
    code = "too_many_pages"


class TooLarge(DocumentError):
    code = "too_large"


class IncompleteDeclaration(DocumentError):
    code = "incomplete_declaration"


class IncompleteReply(DocumentError):
    code = "incomplete_reply"
