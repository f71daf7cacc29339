"""``customs-ipr local up|status``, ``customs-ipr upload`` and ``customs-ipr demo``.

``local up`` keeps the whole pipeline running on an embedded moto server (127.0.0.1 only)
until Ctrl-C; other shells ``source <state-dir>/env.sh`` and then use ``aws
--endpoint-url``, ``customs-ipr upload`` and ``customs-ipr case list|show`` against it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from customs_ipr.errors import CustomsIprError

DEFAULT_STATE_DIR = Path(".customs-ipr-local")


class LocalStackUnreachable(CustomsIprError):
    code = "local_stack_unreachable"


def register(subparsers: Any) -> None:
    _register_local(subparsers)
    _register_upload(subparsers)
    demo = subparsers.add_parser("demo", help="run every case path end to end on moto")
    demo.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder for the mailbox (.eml), notice PDFs and the summary",
    )
    demo.set_defaults(handler=demo_command)


def _register_local(subparsers: Any) -> None:
    from customs_ipr_tools.cli.case import _date
    from customs_ipr_tools.local.runtime import DEFAULT_PORT

    local = subparsers.add_parser("local", help="run the whole pipeline on this machine (moto)")
    local_sub = local.add_subparsers(dest="local_command", required=True)

    up = local_sub.add_parser("up", help="start the local stack and keep it running (Ctrl-C stops)")
    up.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    up.add_argument(
        "--state-dir",
        type=Path,
        default=DEFAULT_STATE_DIR,
        help="where env.sh and the mailbox go (default .customs-ipr-local)",
    )
    up.add_argument(
        "--clock-start",
        type=_date,
        help="the virtual clock's first day, 09:00 Beijing time (default: today in Beijing); "
        "move it with 'customs-ipr clock advance'",
    )
    up.add_argument(
        "--clean",
        action="store_true",
        help="start afresh: empty the state folder's mailbox and env files from earlier runs",
    )
    up.set_defaults(handler=local_up)

    status = local_sub.add_parser("status", help="queues, objects and mail of the running stack")
    status.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    status.set_defaults(handler=local_status)


def _register_upload(subparsers: Any) -> None:
    from customs_ipr_tools.cli.uploads import add_wait_options
    from customs_ipr_tools.local.uploads import PREFIXES

    upload = subparsers.add_parser("upload", help="upload a file under its kind's prefix")
    upload.add_argument("file", type=Path)
    upload.add_argument(
        "--kind",
        choices=sorted(PREFIXES),
        help="default: from the file name (.json → recordations, PDF → "
        "declaration unless the name says reply/application)",
    )
    upload.add_argument("--email", help="contact address for notices about this upload")
    upload.add_argument("--bucket", help="default: DOCUMENTS_BUCKET")
    upload.add_argument("--key", help="object key (default: prefix + file name)")
    add_wait_options(upload)
    upload.set_defaults(handler=upload_command)


# ---------------------------------------------------------------- local up
def local_up(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr_tools.local.runtime import local_runtime, write_env_file

    state_dir: Path = args.state_dir.resolve()
    _prepare_state_dir(state_dir, clean=getattr(args, "clean", False))
    stopped = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        with local_runtime(
            port=args.port,
            clock_start=args.clock_start,
            mailbox_dir=state_dir / "mailbox",
        ) as runtime:
            env_file = write_env_file(runtime, state_dir / "env.sh")
            (state_dir / "env.json").write_text(
                json.dumps(runtime.client_environment(), indent=2, ensure_ascii=False),
                encoding="utf-8",
            )
            _print_banner(runtime, env_file)
            try:
                while not stopped.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
            print("stopping the local stack ...", file=sys.stderr, flush=True)
            totals = runtime.pump.totals
    finally:
        signal.signal(signal.SIGTERM, previous)
    return {
        "stopped": True,
        "uploads_delivered": totals.deleted,
        "batches": totals.batches,
        "failed_deliveries": totals.failed,
    }


def _prepare_state_dir(state_dir: Path, *, clean: bool) -> None:
    """``--clean`` empties what an earlier run left; otherwise say that it is there.

    The stack itself keeps its state in memory, so only the mailbox and env files remain;
    notices of a new run are numbered from 1 again and would overwrite old .eml files.
    """
    import shutil

    mailbox = state_dir / "mailbox"
    if clean:
        shutil.rmtree(mailbox, ignore_errors=True)
        for name in ("env.sh", "env.json"):
            (state_dir / name).unlink(missing_ok=True)
        return
    old = list(mailbox.glob("**/*.eml")) if mailbox.is_dir() else []
    if old:
        print(
            f"note: {mailbox} holds {len(old)} e-mail(s) from an earlier run; new notices are "
            f"numbered from 1 again and overwrite them (use 'local up --clean' to start afresh)",
            file=sys.stderr,
            flush=True,
        )


def _print_banner(runtime: Any, env_file: Path) -> None:
    lines = [
        "customs-ipr local stack is up (moto on 127.0.0.1 only; Ctrl-C stops it)",
        f"  endpoint        {runtime.endpoint}",
        f"  bucket          {runtime.bucket}",
        f"  state machine   {runtime.environment['STATE_MACHINE_ARN']}",
        f"  mailbox (.eml)  {runtime.mailbox_dir}",
        f"  legal clock     virtual, {runtime.time.today()} 09:00 Beijing "
        "(customs-ipr clock show | clock advance --to DATE | --working-days N)",
        "",
        "In another shell:",
        f"  source {env_file}",
        f"  aws --endpoint-url {runtime.endpoint} s3 cp declaration.pdf "
        f"s3://{runtime.bucket}/declarations/",
        "  customs-ipr upload declaration.pdf --email you@example.com",
        "  customs-ipr case list",
        "",
        "Environment (also in env.sh):",
        *(f"  {line}" for line in runtime.export_lines()),
    ]
    print("\n".join(lines), flush=True)


# ---------------------------------------------------------------- local status
def local_status(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr_tools.local.server import patched_environment

    env_json = args.state_dir / "env.json"
    if os.environ.get("AWS_ENDPOINT_URL"):
        environment: dict[str, str] = {}
    elif env_json.is_file():
        environment = json.loads(env_json.read_text(encoding="utf-8"))
    else:
        raise LocalStackUnreachable(
            "No local stack found: run 'customs-ipr local up' (or source its env.sh)."
        )
    with patched_environment(environment):
        return _status()


def _status() -> dict[str, Any]:
    from botocore.exceptions import EndpointConnectionError

    from customs_ipr import aws
    from customs_ipr.config import get_settings
    from customs_ipr_tools.local.uploads import PREFIXES

    settings = get_settings()
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    try:
        sqs = aws.client("sqs")
        queues = {}
        for url in sqs.list_queues().get("QueueUrls", []):
            attributes = sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
            queues[url.rsplit("/", 1)[-1]] = {
                "visible": int(attributes["ApproximateNumberOfMessages"]),
                "in_flight": int(attributes["ApproximateNumberOfMessagesNotVisible"]),
            }
        s3 = aws.client("s3")
        objects = {}
        for prefix in [
            *PREFIXES.values(),
            settings.notice_archive_prefix,
            settings.quarantine_prefix,
        ]:
            listing = s3.list_objects_v2(Bucket=settings.documents_bucket, Prefix=prefix)
            objects[prefix] = int(listing.get("KeyCount", 0))
    except EndpointConnectionError:
        raise LocalStackUnreachable(
            f"Nothing answers at {endpoint}: is 'customs-ipr local up' still running?"
        ) from None
    mailbox = Path(settings.mailbox_dir) if settings.mailbox_dir else None
    return {
        "endpoint": endpoint,
        "bucket": settings.documents_bucket,
        "queues": queues,
        "objects": objects,
        "mailbox": str(mailbox) if mailbox else None,
        "messages_in_mailbox": len(list(mailbox.glob("**/*.eml"))) if mailbox else 0,
    }


# ---------------------------------------------------------------- upload
def upload_command(args: argparse.Namespace) -> dict[str, Any] | None:
    from botocore.exceptions import EndpointConnectionError, NoCredentialsError

    from customs_ipr.config import get_settings
    from customs_ipr_tools.local.uploads import upload_file

    bucket = args.bucket or get_settings().documents_bucket
    try:
        result = upload_file(
            args.file, bucket=bucket, kind=args.kind, email=args.email, key=args.key
        )
    except EndpointConnectionError:
        raise LocalStackUnreachable(
            f"Nothing answers at {os.environ.get('AWS_ENDPOINT_URL', 'the AWS endpoint')}: "
            f"is 'customs-ipr local up' running?"
        ) from None
    except NoCredentialsError:
        raise LocalStackUnreachable(
            "No AWS credentials: source the local stack's env.sh or configure AWS access."
        ) from None
    if getattr(args, "wait", False):
        from customs_ipr_tools.cli.uploads import wait_and_report

        print(f"uploaded s3://{result.bucket}/{result.key}", file=sys.stderr)
        return wait_and_report(result, args)
    return {
        "uploaded": f"s3://{result.bucket}/{result.key}",
        "kind": result.kind,
        "bytes": result.size,
        "version_id": result.version_id,
        "contact_email": result.contact_email,
    }


# ---------------------------------------------------------------- demo
def demo_command(args: argparse.Namespace) -> None:
    from customs_ipr_tools.local.demo.run import run_demo

    run_demo(args.out)
    return None
