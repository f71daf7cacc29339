"""Ingest: every upload (S3 → SQS → ``IngestUploadFunction``) routed, exactly once.

``declarations/`` → parse, declaration record, screening, case or release;
``replies/`` → parse, the holder's reply handed to its case; ``recordations/`` → import;
``applications/`` → recordation application received. An upload that cannot be processed
is quarantined (``quarantine/<key>`` + ``.error.json``) and its uploader told; see
``customs_ipr.ingest.pipeline`` for idempotency, retries and the dead-letter redrive.
"""

from customs_ipr.ingest.events import Upload, uploads_from_s3_event, uploads_from_sqs_body

__all__ = ["Upload", "uploads_from_s3_event", "uploads_from_sqs_body"]
