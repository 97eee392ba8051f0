"""A search node of a test's own (search-node/), to kill, pause and start again:
faults are never injected into the node that the rest of the suite shares."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "search-node" / "target" / "search-node.jar"
START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing() -> str:
    """Why no node can be started here, or '' when one can."""
    if not JAR.exists():
        return f"{JAR.relative_to(ROOT)} is not built (make search-node-build)"
    if not shutil.which("java"):
        return "java is not installed"
    return ""


class OwnNode:
    def __init__(self, data: Path, heap: str = "512m"):
        self.data = data
        self.heap = heap
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = data / "node.log"

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "SEARCH_NODE_PORT": str(self.port),
            "SEARCH_NODE_DATA": str(self.data),
            "SEARCH_NODE_LOG_LEVEL": "WARN",
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["java", f"-Xms{self.heap}", f"-Xmx{self.heap}", "-jar", str(JAR)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if self.healthy():
                return
            time.sleep(0.5)
        self.kill()
        raise RuntimeError(
            f"The search node did not start: {self.log.read_text()[-2000:]}"
        )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback, our own node
                f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s",
                timeout=3,
            ) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def kill(self) -> None:
        """As a crash or the OOM killer would: no chance to flush or say goodbye."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=30)

    def pause(self) -> None:
        """A hung node: connections are accepted by the kernel, nothing answers."""
        assert self.process
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
