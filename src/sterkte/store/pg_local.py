"""A throwaway PostgreSQL server on this machine, for the tests and the benchmarks.

``initdb`` in a temporary folder, ``postgres`` on a free port of 127.0.0.1 (and a
socket in that folder), trust authentication for local connections only, stopped
and removed by :meth:`LocalServer.stop`. Uses Debian's ``postgresql`` package
(``/usr/lib/postgresql/<version>/bin``) or whatever ``pg_ctl`` is on the PATH.

PostgreSQL refuses to run as root; when run as root (as CI does) the server runs
as the ``postgres`` user that Debian's package creates. Not for production: a
real deployment uses the organisation's server (see ``docs/deploy.md``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sterkte.errors import SterkteError


class NoPostgres(SterkteError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """The folder with ``initdb`` and ``pg_ctl``: the newest Debian version, else PATH."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                    key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                    else 0)
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise NoPostgres("no PostgreSQL server found: install Debian's `postgresql` package "
                     "(`apt-get install postgresql`; `make test` does this)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    """A running throwaway server; ``url(db)`` gives a connection URL."""

    folder: Path
    port: int
    bindir: Path
    as_user: str | None
    settings: dict[str, str] = field(default_factory=dict)

    def url(self, database: str = "postgres", **options: str) -> str:
        query = ""
        if options:
            query = "?options=" + "%20".join(f"-c{k}%3D{v}" for k, v in options.items())
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}{query}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def create_database(self, name: str) -> str:
        """Create database ``name`` (owned by ``postgres``); returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop",
                  check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


# Durability off: a throwaway server for tests loses nothing of value in a crash.
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def start(settings: dict[str, str] | None = None, base: Path | None = None) -> LocalServer:
    """initdb and start a server; raises :class:`NoPostgres` without the binaries."""
    bindir = find_bindir()
    as_user = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="sterkte-pg-", dir=base))
    folder.chmod(0o755)
    if as_user:
        shutil.chown(folder, user=as_user)
    server = LocalServer(folder, free_port(), bindir, as_user, dict(settings or {}))
    data = folder / "data"
    try:
        server._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                    "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = " ".join([f"-p {server.port}", f"-k {folder}",
                         "-c listen_addresses=127.0.0.1",
                         *(f"-c {k}={v}" for k, v in server.settings.items())])
        for attempt in range(3):
            done = server._run("pg_ctl", "-D", str(data), "-o", opts, "-l",
                               str(folder / "server.log"), "-w", "-t", "60", "start",
                               check=False)
            if done.returncode == 0:
                break
            if attempt == 2:  # the port may have been taken between choosing and binding
                log = (folder / "server.log").read_text(errors="replace")[-2000:]
                raise NoPostgres(f"PostgreSQL did not start: {done.stderr.strip()} {log}")
            server.port = free_port()
            opts = opts.replace(opts.split()[1], str(server.port), 1)
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise
    return server
