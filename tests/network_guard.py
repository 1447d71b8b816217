"""pytest plugin: tests never reach the network (see tests/conftest.py).

Python-level TCP/UDP connects (AF_INET, AF_INET6) raise RuntimeError for the whole test
session; Unix-domain sockets (AF_UNIX, e.g. PostgreSQL's local socket) stay allowed.
libpq (psycopg) connects from C and is not seen here: tests reach PostgreSQL by its
Unix socket directory, never by a TCP host.
"""
from __future__ import annotations

import socket
from typing import Any

import pytest

BLOCKED_FAMILIES = (socket.AF_INET, socket.AF_INET6)
MESSAGE = "network access is blocked in tests"

_originals: dict[str, Any] = {}


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if self.family in BLOCKED_FAMILIES:
        raise RuntimeError(MESSAGE)
    _originals["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if self.family in BLOCKED_FAMILIES:
        raise RuntimeError(MESSAGE)
    result: int = _originals["connect_ex"](self, address)
    return result


def _guarded_create_connection(*args: Any, **kwargs: Any) -> socket.socket:
    raise RuntimeError(MESSAGE)  # create_connection only makes AF_INET/AF_INET6 sockets


def install() -> None:
    if _originals:
        return
    _originals["connect"] = socket.socket.connect
    _originals["connect_ex"] = socket.socket.connect_ex
    _originals["create_connection"] = socket.create_connection
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
    socket.create_connection = _guarded_create_connection


def uninstall() -> None:
    if not _originals:
        return
    socket.socket.connect = _originals.pop("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _originals.pop("connect_ex")  # type: ignore[method-assign]
    socket.create_connection = _originals.pop("create_connection")


def pytest_configure(config: pytest.Config) -> None:
    install()


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall()
