"""One reading of request bodies for every route (``customs_ipr.api.bodies``)."""

from __future__ import annotations

import json

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from customs_ipr.api.bodies import json_object
from customs_ipr.errors import InvalidInput


def _event(body: str | None) -> APIGatewayProxyEventV2:
    return APIGatewayProxyEventV2({"body": body, "isBase64Encoded": False})


@pytest.mark.parametrize("body", [None, ""])
def test_an_empty_body_reads_as_an_empty_object(body):
    assert json_object(_event(body)) == {}


def test_a_json_object_is_returned_as_it_is():
    assert json_object(_event(json.dumps({"kind": "settlement", "data": {}}))) == {
        "kind": "settlement",
        "data": {},
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"text"', "must be a JSON object"),
    ],
)
def test_anything_else_is_refused(body, message):
    with pytest.raises(InvalidInput, match=message):
        json_object(_event(body))


def test_both_routers_read_bodies_the_same_way():
    from customs_ipr.api import admin, cases

    assert admin.json_object is cases.json_object is json_object
