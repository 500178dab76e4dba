"""HAProxy in front of the API nodes: its config rendered from haproxy.cfg (the template beside this
file), started as a daemon, reloaded when the config changes, asked for each node's state."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import string
from pathlib import Path

from scripts.cluster.api_nodes import http_ok
from scripts.cluster.layout import Layout, exists, pid_alive, run, wait_for

TEMPLATE = Path(__file__).with_name("haproxy.cfg")


def render_haproxy(lay: Layout) -> str:
    servers = "".join(f"    server api{i + 1} 127.0.0.1:{port} check\n" for i, port in enumerate(lay.api_ports))
    template = string.Template(TEMPLATE.read_text())
    return template.substitute(port=lay.lb_port, stats_socket=lay.haproxy_socket, servers=servers)


def start_haproxy(lay: Layout) -> None:
    """Write the config and start HAProxy; when it runs already, reload it (a new process takes the
    port, the old one finishes its connections)."""
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy is not installed: run scripts/install_system_packages.sh --cluster")
    text = render_haproxy(lay)
    old = pid_alive(lay.haproxy_pidfile)
    if old and lay.haproxy_cfg.exists() and lay.haproxy_cfg.read_text() == text:
        return
    lay.haproxy_cfg.write_text(text)
    run(["haproxy", "-c", "-q", "-f", str(lay.haproxy_cfg)], "checking the HAProxy config")
    run(["haproxy", "-D", "-f", str(lay.haproxy_cfg), "-p", str(lay.haproxy_pidfile),
          *(["-sf", str(old)] if old else [])], "starting haproxy")
    wait_for(f"HAProxy on {lay.lb_port}", lambda: http_ok(lay.lb_port), 30)


def stop_haproxy(lay: Layout) -> None:
    pid = pid_alive(lay.haproxy_pidfile)
    if pid:
        os.kill(pid, signal.SIGTERM)
        wait_for("HAProxy to stop", lambda: not exists(pid), 10)
    lay.haproxy_pidfile.unlink(missing_ok=True)


def haproxy_servers(lay: Layout) -> dict[str, str]:
    """HAProxy's view of each node ('UP', 'DOWN', ...), from its stats socket; {} when it is not running."""
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(lay.haproxy_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return {}
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",") if lines else []
    rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
    return {row["svname"]: row["status"] for row in rows
            if row.get("pxname") == "api_nodes" and row.get("svname") not in ("FRONTEND", "BACKEND")}
