"""The embedded moto server and the local runtime: 127.0.0.1 only, template stack, pump."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from customs_ipr import aws
from customs_ipr.errors import CustomsIprError
from customs_ipr_tools.cli import main
from customs_ipr_tools.local.runtime import local_runtime
from customs_ipr_tools.local.server import EmbeddedMotoServer, embedded_server

RECORDING_HANDLER = """
import json, pathlib
def lambda_handler(event, context):
    with (pathlib.Path(__file__).parent / "events.jsonl").open("a") as handle:
        handle.write(json.dumps(event) + "\\n")
    return {"batchItemFailures": []}
"""


def test_the_server_listens_on_loopback_only_and_the_environment_is_restored():
    # GIVEN an environment without an endpoint
    before = os.environ.get("AWS_ENDPOINT_URL")
    # WHEN the embedded server runs
    with embedded_server() as server:
        # THEN it is bound to 127.0.0.1 and this process talks to it with fake credentials
        assert server.endpoint.startswith("http://127.0.0.1:")
        assert server._server.get_host_and_port()[0] == "127.0.0.1"
        assert os.environ["AWS_ENDPOINT_URL"] == server.endpoint
        assert os.environ["MOTO_PORT"] == str(server.port)
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        aws.client("s3").create_bucket(Bucket="probe")
        assert [b["Name"] for b in aws.client("s3").list_buckets()["Buckets"]] == ["probe"]
    # AND afterwards the environment is as it was
    assert os.environ.get("AWS_ENDPOINT_URL") == before


def test_a_busy_port_is_reported_clearly():
    with embedded_server() as server, pytest.raises(CustomsIprError, match="already in use"):
        EmbeddedMotoServer(port=server.port).start()


@pytest.mark.workflow
def test_upload_through_the_cli_reaches_the_ingest_function(tmp_path: Path, capsys):
    with local_runtime(mailbox_dir=tmp_path / "mailbox", clock_start=date(2026, 9, 14)) as runtime:
        # GIVEN the running local stack, its ingest function replaced by a recorder
        name = runtime.stack.function_name("IngestUploadFunction")
        handler_dir = tmp_path / "recorder"
        handler_dir.mkdir()
        (handler_dir / "app.py").write_text(RECORDING_HANDLER)
        runtime.stack.functions[name] = replace(runtime.stack.functions[name], code_dir=handler_dir)
        assert os.environ["LEGAL_CLOCK"] == "virtual"
        assert runtime.time.today() == date(2026, 9, 14)
        assert os.environ["MAILBOX_DIR"] == str((tmp_path / "mailbox").resolve())
        pdf = tmp_path / "declaration-1.pdf"
        pdf.write_bytes(b"%PDF-1.4")
        # WHEN a user uploads with the CLI
        assert main(["upload", str(pdf), "--email", "broker@example.com"]) == 0
        uploaded = json.loads(capsys.readouterr().out)
        assert runtime.pump.wait_until_idle(timeout=20)
        # THEN the object is under declarations/ and the pump delivered its S3 event
        assert uploaded["uploaded"] == f"s3://{runtime.bucket}/declarations/declaration-1.pdf"
        bodies = [
            r["body"]
            for line in (handler_dir / "events.jsonl").read_text().splitlines()
            for r in json.loads(line)["Records"]
        ]
        assert any("declaration-1.pdf" in body for body in bodies)
        # AND the virtual clock moves only when a person advances it, by working days
        assert main(["clock", "advance", "--working-days", "3"]) == 0
        advanced = json.loads(capsys.readouterr().out)
        assert advanced["today"] == "2026-09-17" and advanced["timers"] == []
        assert main(["clock", "show"]) == 0
        assert json.loads(capsys.readouterr().out)["now"] == "2026-09-17T01:00:00+00:00"
        with pytest.raises(SystemExit):  # the clock never goes back
            main(["clock", "advance", "--to", "2026-09-15"])
        assert "cannot go back" in capsys.readouterr().err
    assert "AWS_ENDPOINT_URL" not in os.environ


def test_only_the_is_present_probe_lines_of_moto_are_kept_off_the_console(caplog):
    import logging

    from customs_ipr_tools.local.server import quiet_moto_probes

    # GIVEN the filter, installed twice (every server start installs it)
    quiet_moto_probes()
    quiet_moto_probes()
    logger = logging.getLogger("moto.stepfunctions.parser.asl.component.eval_component")
    # WHEN moto logs a probe of an absent field and a real failure
    with caplog.at_level(logging.ERROR):
        logger.error("%s at '%s'", "Exception=NoSuchJsonPathError, Details=None", "$.resume_at")
        logger.error("%s at '%s'", "Exception=FailureEventException, Error=States.Runtime", "x")
    # THEN only the failure reaches the handlers, and the filter is there once
    assert [r.getMessage()[:30] for r in caplog.records] == ["Exception=FailureEventExceptio"]
    assert len(logger.filters) == 1
