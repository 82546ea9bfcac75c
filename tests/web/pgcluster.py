"""A throwaway PostgreSQL cluster for the web tests (Debian's ``postgresql`` package).

Started in a temporary folder on a free localhost port; as root (CI) the server runs as the
``postgres`` user, since initdb refuses root. Stopped and removed at the end of the session.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "find_bin_dir", "start_cluster"]


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").is_file()]
    found.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bin_dir: Path
    folder: Path
    port: int
    as_user: str | None

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_user is not None:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                      "immediate", "-w", "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def database(self) -> dict[str, object]:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "OPTIONS": {},
            "TEST": {"NAME": "parscore_test"},
        }


def start_cluster(bin_dir: Path) -> Cluster:
    folder = Path(tempfile.mkdtemp(prefix="parscore-pg-"))
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        entry = pwd.getpwnam(as_user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o700)
    cluster = Cluster(bin_dir, folder, _free_port(), as_user)
    data = str(folder / "data")
    cluster._run(str(bin_dir / "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    options = (
        f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    cluster._run(str(bin_dir / "pg_ctl"), "-D", data, "-o", options, "-l",
                 str(folder / "server.log"), "-w", "start")  # fmt: skip
    return cluster
