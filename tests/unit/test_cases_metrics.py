"""Case history events an office watches are also CloudWatch metrics (EMF, Powertools)."""

from __future__ import annotations

import json

from aws_lambda_powertools import Metrics

from customs_ipr.cases.history import BUSINESS_METRICS, count


def test_business_events_become_count_metrics(capsys):
    # GIVEN a clean metric set
    metrics = Metrics(namespace="CustomsIpr")
    metrics.clear_metrics()
    # WHEN a release, two notices and an ordinary event are recorded
    count("goods_released")
    count("notice_issued")
    count("notice_issued")
    count("waiting")
    metrics.flush_metrics()
    # THEN the flushed EMF document counts exactly those business events
    emf = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    names = {m["Name"] for m in emf["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert names == {"GoodsReleased", "NoticesIssued"}
    assert emf["GoodsReleased"] == [1.0]
    assert emf["NoticesIssued"] == [1.0, 1.0]


def test_metric_names_are_unique():
    assert len(set(BUSINESS_METRICS.values())) == len(BUSINESS_METRICS)
