"""Name every upload by its S3 version, even when the event does not carry one.

On AWS a versioned bucket's ``ObjectCreated`` events always carry ``versionId``. moto's
(the local stack) do not, and an upload first processed under its ETag and then replayed
with its version id would look like two uploads (two ledger records). So an event without
a version id is completed here: the version of that key whose ETag is the event's (the
earliest such version when the same bytes were uploaded twice: the event names the
first). A bucket without versioning keeps the ETag as the upload's version.
"""

from __future__ import annotations

from dataclasses import replace

from customs_ipr.ingest.events import Upload


def with_version(upload: Upload) -> Upload:
    """``upload`` with its ``version_id`` filled in when S3 can tell it."""
    if upload.version_id or not upload.etag:
        return upload
    from botocore.exceptions import ClientError

    from customs_ipr import aws

    try:
        listing = aws.client("s3").list_object_versions(
            Bucket=upload.bucket, Prefix=upload.key, MaxKeys=1000
        )
    except ClientError:
        return upload
    matching = [
        v
        for v in listing.get("Versions", [])
        if v.get("Key") == upload.key
        and v.get("ETag", "").strip('"') == upload.etag
        and v.get("VersionId") not in (None, "null")
    ]
    if not matching:
        return upload
    first = min(matching, key=lambda v: v["LastModified"])
    return replace(upload, version_id=str(first["VersionId"]))
