"""The test session is offline, and app/ has no networking code at all."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.source_imports import imported_modules, is_within, offending_imports

APP_DIR = Path(__file__).resolve().parent.parent / "app"
NETWORK_MODULES = ("socket", "urllib.request", "http.client", "requests", "httpx", "aiohttp")


def test_tcp_connect_to_loopback_is_blocked() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(RuntimeError, match="network access is blocked in tests"):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(RuntimeError, match="network access is blocked in tests"):
            sock.connect_ex(("127.0.0.1", 9))


def test_ipv6_and_create_connection_are_blocked() -> None:
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        with pytest.raises(RuntimeError, match="network access is blocked"):
            sock.connect(("::1", 9))
    with pytest.raises(RuntimeError, match="network access is blocked"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


def test_unix_sockets_still_connect(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            peer, _ = server.accept()
            with peer:
                client.sendall(b"ok")
                assert peer.recv(2) == b"ok"


def test_app_source_imports_no_networking_module() -> None:
    assert offending_imports(APP_DIR, NETWORK_MODULES) == []


@pytest.mark.parametrize(
    "source",
    [
        "import socket",
        "import os, requests",
        "def f():\n    import urllib.request",
        "from http.client import HTTPConnection",
        "from urllib import parse, request",
        "from http import client",
        "from socket import create_connection",
    ],
)
def test_network_imports_are_recognised(source: str) -> None:
    assert any(is_within(m, n) for m in imported_modules(source) for n in NETWORK_MODULES)


@pytest.mark.parametrize("source", ["import socketserver", "from urllib.parse import quote", "# import socket"])
def test_harmless_imports_are_not_flagged(source: str) -> None:
    assert not any(is_within(m, n) for m in imported_modules(source) for n in NETWORK_MODULES)
