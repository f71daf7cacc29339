"""``local up`` restarts at once on the port it just used (issue 15, point 7)."""

from __future__ import annotations

import urllib.request

from customs_ipr.local.server import EmbeddedMotoServer, _port_is_free


def test_the_server_restarts_on_the_same_port_right_after_stopping():
    # GIVEN a server that answered requests (its side closes: the port sits in TIME_WAIT)
    first = EmbeddedMotoServer(port=0).start()
    port = first.port
    for _ in range(3):
        with urllib.request.urlopen(f"{first.endpoint}/moto-api/data.json", timeout=10) as r:
            r.read()
    first.stop()
    # WHEN it is started again on that port at once THEN it binds and answers
    assert _port_is_free(port)
    second = EmbeddedMotoServer(port=port).start()
    try:
        with urllib.request.urlopen(f"{second.endpoint}/moto-api/data.json", timeout=10) as r:
            assert r.status == 200
    finally:
        second.stop()
