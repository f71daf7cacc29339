"""``customs-ipr dlq redrive`` (issue 15, point 8): the real API on AWS, a hand move where
it is unavailable (moto)."""

from __future__ import annotations

import json

from customs_ipr import aws
from customs_ipr.ingest.redrive import redrive
from customs_ipr_tools.cli import main


def _bodies(url: str) -> list[str]:
    sqs = aws.client("sqs")
    found: list[str] = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return found
        for message in messages:
            found.append(message["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def test_dead_letters_go_back_to_the_uploads_queue_when_the_move_task_fails(stack, capsys):
    # GIVEN 23 dead-lettered uploads
    sqs = aws.client("sqs")
    dlq, uploads = stack.ref("UploadsDeadLetterQueue"), stack.ref("UploadsQueue")
    _bodies(uploads)  # S3's test event, sent when the notifications were configured
    sent = [json.dumps({"Records": [{"n": n}]}) for n in range(23)]
    for body in sent:
        sqs.send_message(QueueUrl=dlq, MessageBody=body)
    # WHEN redriven with the CLI (moto's StartMessageMoveTask does not work)
    assert main(["dlq", "redrive"]) == 0
    answer = json.loads(capsys.readouterr().out)
    # THEN each message moved once, by hand, and the dead-letter queue is empty
    assert answer["method"] == "receive_send_delete"
    assert answer["moved"] == 23
    assert sorted(_bodies(uploads)) == sorted(sent)
    assert _bodies(dlq) == []


def test_the_sqs_move_task_is_used_where_it_works(stack, monkeypatch):
    sqs = aws.client("sqs")
    calls = []

    def move(**kwargs):
        calls.append(kwargs)
        return {"TaskHandle": "task-1"}

    monkeypatch.setattr(sqs, "start_message_move_task", move)
    answer = redrive()
    assert answer["method"] == "start_message_move_task"
    assert answer["task_handle"] == "task-1"
    assert calls == [{"SourceArn": stack.template.get_att("UploadsDeadLetterQueue", "Arn")}]
