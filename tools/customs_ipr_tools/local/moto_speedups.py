"""Costs moto's server pays again and again that the local stack need not pay.

- For every request, moto's server finds the backend by listing its own package folder
  (``moto.backends.list_of_moto_modules``: a directory listing and a ``stat`` per entry),
  under the lock every request thread takes. The folder does not change while the server
  runs, so the list is read once.
- For every Lambda task of a state machine, moto's Step Functions interpreter creates a new
  boto3 client (loading the service model, opening a new connection). The client it makes
  depends only on the region, the service and the server's port (its credentials argument
  is unused), so one client per region and service is made and reused; boto3 clients are
  safe to share between threads.
- For every DynamoDB ``Query`` on a table's own key, moto sorts every item of the table
  and then keeps those of the partition asked for, so a query costs more the more uploads
  the ledger holds (quadratic over a long run). The partition is looked up directly, as
  ``GetItem`` does, and only its items are sorted; queries on an index are unchanged.
- moto's Step Functions parses the whole ASL with ANTLR on every ``CreateStateMachine``
  and every ``StartExecution`` (about 1 s for ``case.asl.json``; a case is one execution).
  The parse depends only on the definition text and the interpreter keeps an execution's
  state outside it, so one parse per definition is kept (:func:`memoised_asl_parse`).
- ``mock_aws`` gives every mock a new boto3 default session, and every new session loads
  the service models from botocore's JSON files again (a tenth of a second per service).
  The models are the same files every time, so the sessions share one loader
  (:func:`shared_botocore_loader`); credentials, region and endpoint stay per session.

The last two apply to ``mock_aws`` as well (:func:`faster_moto`, which
``customs-ipr case simulate`` and the tests use); :func:`faster_moto_server` adds the
server's own.

Nothing else changes: the same backends answer, the same requests are made.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock


class _Partition:
    """A table seen through one partition: ``all_items`` gives only that partition's items
    (sorted as moto sorts them); everything else is the table's."""

    def __init__(self, table: Any, items: list[Any]) -> None:
        self._table = table
        self._items = items

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def all_items(self) -> list[Any]:
        return self._items


def _partition_query(original: Any) -> Any:
    def query(table: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name is not None or hash_key is None:
            return original(table, hash_key, *args, **kwargs)
        partition = table.items.get(hash_key)
        if partition is None:
            items = []
        elif table.range_key_attr:
            items = list(partition.values())
        else:
            items = [partition]
        items.sort(key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)
        return original(_Partition(table, items), hash_key, *args, **kwargs)

    return query


@contextmanager
def memoised_asl_parse() -> Iterator[None]:
    """Parse each state machine definition once for the block; a definition that does not
    parse is not kept, so it is refused again, with the same errors, every time."""
    from moto.stepfunctions.parser.asl.parse import asl_parser

    original = asl_parser.AmazonStateLanguageParser.parse
    parsed: dict[str, Any] = {}
    lock = threading.Lock()

    def parse(definition: str) -> Any:
        with lock:
            if definition not in parsed:
                parsed[definition] = original(definition)
            return parsed[definition]

    with mock.patch.object(asl_parser.AmazonStateLanguageParser, "parse", staticmethod(parse)):
        yield


class _SearchPaths(list[str]):
    """boto3 appends its own data folder to a session's loader on every new session."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


@contextmanager
def shared_botocore_loader() -> Iterator[None]:
    """One botocore data loader (with its cache of parsed models) for every session made
    in the block; loaders are keyed by their search path, as botocore builds them."""
    from botocore import loaders, session

    loaders_by_path: dict[Any, Any] = {}
    lock = threading.Lock()
    original = loaders.create_loader

    def create_loader(search_path_string: Any = None) -> Any:
        with lock:
            if search_path_string not in loaders_by_path:
                paths = _SearchPaths(original(search_path_string).search_paths)
                loaders_by_path[search_path_string] = loaders.Loader(
                    extra_search_paths=paths, include_default_search_paths=False
                )
            return loaders_by_path[search_path_string]

    with mock.patch.object(session, "create_loader", create_loader):
        yield


@contextmanager
def faster_moto() -> Iterator[None]:
    """The shortcuts that hold for ``mock_aws`` and the server alike, for the block."""
    with memoised_asl_parse(), shared_botocore_loader():
        yield


@contextmanager
def faster_moto_server() -> Iterator[None]:
    """Apply the shortcuts for the block (the embedded server's lifetime)."""
    from moto import backends
    from moto.dynamodb.models.table import Table
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    modules = tuple(backends.list_of_moto_modules())
    original = lambda_eval_utils.boto_client_for
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        with lock:
            if (region, service) not in clients:
                clients[(region, service)] = original(region, service, state_credentials)
            return clients[(region, service)]

    with (
        mock.patch.object(backends, "list_of_moto_modules", lambda: modules),
        mock.patch.object(lambda_eval_utils, "boto_client_for", boto_client_for),
        mock.patch.object(Table, "query", _partition_query(Table.query)),
        faster_moto(),
    ):
        yield
