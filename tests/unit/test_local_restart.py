"""``local up`` restarts at once on the port it just used (issue 15, point 7)."""

from __future__ import annotations

import urllib.request

from customs_ipr_tools.local.server import EmbeddedMotoServer, _port_is_free


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


def test_a_port_in_time_wait_counts_as_free():
    import socket

    # GIVEN a listening port whose side closed a connection first (TIME_WAIT)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first
    client.recv(1)
    client.close()
    listener.close()
    # THEN the probe binds as the server will, and says it is free
    assert _port_is_free(port)
