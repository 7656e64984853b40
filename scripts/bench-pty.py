#!/usr/bin/env python3
"""Drives the tokendeck dashboard in a pseudo-terminal for scripts/bench-*.sh.

  bench-pty.py startup BIN ARGS...   ms from spawn to the first frame showing the loaded table
  bench-pty.py bytes   BIN ARGS...   bytes the dashboard writes per one-row move (`j`), median of 20
  bench-pty.py memory  BIN ARGS...   peak RSS (VmHWM) once the tokens are shown [and the sync is over]
  bench-pty.py keys    BIN ARGS...   key press to finished frame (update + render + draw) from the
                                     dashboard's own TOKENDECK_FRAME_LOG, per group of keys

The child gets a 120x40 pty and TERM=xterm-256color. Prints one `key=value` line a figure;
exits 1 when it could not measure (the reason on stderr).
"""
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time

COLS, ROWS = 120, 40
# Both only appear once tokens are loaded: the header's title, and the paging hint the status bar
# shows only when there is more than one page.
HEADER = b"TokenDeck"
LOADED = b"n/p"


def fail(message):
    sys.stderr.write(f"bench-pty: {message}\n")
    sys.exit(1)


class Dashboard:
    def __init__(self, argv):
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, TERM=os.environ.get("BENCH_TERM", "xterm-256color"), LINES=str(ROWS), COLUMNS=str(COLS))
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.output = bytearray()

    def read(self, timeout):
        """Bytes arriving within `timeout` seconds (b"" if none; raises EOFError when the child closed)."""
        ready, _, _ = select.select([self.fd], [], [], max(0, timeout))
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            raise EOFError
        if not data:
            raise EOFError
        self.output += data
        return data

    def wait_for(self, *markers, since=0, timeout=60):
        """Reads until every marker occurs in the output after `since`; returns the time it did."""
        deadline = time.monotonic() + timeout
        while not all(m in self.output[since:] for m in markers):
            left = deadline - time.monotonic()
            if left <= 0:
                tail = bytes(self.output[-400:])
                fail(f"no {markers!r} within {timeout}s (last output: {tail!r})")
            try:
                self.read(left)
            except EOFError:
                fail(f"the dashboard exited before showing {markers!r}: {bytes(self.output[-400:])!r}")
        return time.monotonic()

    def drain(self, quiet, limit=30):
        """Reads until nothing arrives for `quiet` seconds; returns the byte count read."""
        count = 0
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            data = self.read(quiet)
            if not data:
                return count
            count += len(data)
        return count

    def send(self, keys):
        os.write(self.fd, keys)

    def peak_rss_kb(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        fail("no VmHWM in /proc status")

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self):
        try:
            self.send(b"q")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    return
                try:
                    self.read(0.05)
                except EOFError:
                    pass
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def startup(argv):
    dashboard = Dashboard(argv)
    shown = dashboard.wait_for(HEADER, LOADED)
    print(f"first_frame_ms={(shown - dashboard.started) * 1000:.1f}")
    dashboard.quit()


def bytes_per_move(argv, moves=20):
    dashboard = Dashboard(argv)
    dashboard.wait_for(HEADER, LOADED)
    dashboard.drain(0.5)
    counts = []
    for _ in range(moves):
        dashboard.send(b"j")
        counts.append(dashboard.drain(0.15))
    dashboard.quit()
    if not any(counts):
        fail("the dashboard wrote nothing for a move")
    print(f"bytes_per_move_median={statistics.median(counts):.0f}")
    print(f"bytes_per_move_all={','.join(map(str, counts))}")


def memory(argv, wait_for_sync):
    dashboard = Dashboard(argv)
    dashboard.wait_for(HEADER, LOADED)
    if wait_for_sync:
        # The sync starts with the first frame; it is over when the process stops using the CPU.
        dashboard.wait_for(b"syncing", timeout=30)
        deadline = time.monotonic() + 300
        while True:
            before = dashboard.cpu_seconds()
            dashboard.drain(2.0, limit=2)
            if dashboard.cpu_seconds() - before < 0.1:
                break
            if time.monotonic() > deadline:
                fail("the sync did not finish within 300s")
    # Ticks, a few moves and a page: the state a person is in a second after the list appears.
    for key in b"jjjjnp":
        dashboard.send(bytes([key]))
        dashboard.drain(0.1)
    dashboard.drain(1.0, limit=3)
    print(f"peak_rss_kb={dashboard.peak_rss_kb()}")
    dashboard.quit()


# What a person does in the first minute: move, page, search a word letter by letter and take it
# back, and step through the filters. Each key is sent on its own and its frame waited for.
KEY_GROUPS = [
    ("move j/k", [b"j"] * 40 + [b"k"] * 40),
    ("page n/p", [b"n"] * 20 + [b"p"] * 20),
    ("search typing /vault then Backspace x5, Esc", [b"/"] + [bytes([c]) for c in b"vault"] + [b"\x7f"] * 5 + [b"\x1b"]),
    ("filter x (trash) x3", [b"x"] * 3),
    ("filter t j Enter, t g Enter (type picker)", [b"t", b"j", b"\r", b"t", b"g", b"\r"]),
    ("filter f j Enter, f g Enter (status picker)", [b"f", b"j", b"\r", b"f", b"g", b"\r"]),
    ("filter 1 / 0 (an account, then All)", [b"1", b"0"]),
    # The risk view (its counts are assessed once, when it first opens), a cell's filter and its
    # chip cleared, and the changes view (read from the cache behind the frame).
    ("risk view R Esc", [b"R", b"\x1b"]),
    ("risk filter R Enter, Esc (chip off)", [b"R", b"\r", b"\x1b"]),
    ("changes view C Esc", [b"C", b"\x1b"]),
]


def percentile(values, p):
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[min(len(ordered), int(rank)) - 1]


def keys(argv, rounds=int(os.environ.get("BENCH_KEY_ROUNDS", "20"))):
    log = os.environ.get("TOKENDECK_FRAME_LOG")
    if not log:
        fail("keys needs TOKENDECK_FRAME_LOG set to a file path")
    dashboard = Dashboard(argv)
    dashboard.wait_for(HEADER, LOADED)
    dashboard.drain(1.0)

    def frames():
        with open(log) as handle:
            return handle.read().splitlines()

    every = []
    for name, group in KEY_GROUPS:
        samples = []
        phases = {"update": [], "render": [], "draw": []}
        for _ in range(rounds):
            for key in group:
                before = len(frames())
                dashboard.send(key)
                dashboard.drain(0.05)
                for line in frames()[before:]:
                    fields = dict(part.split("=", 1) for part in line.split())
                    for phase, values in phases.items():
                        values.append(float(fields[phase].rstrip("ms")))
                    samples.append(sum(float(fields[f].rstrip("ms")) for f in phases))
        every += samples
        print(f"frame_ms[{name}] n={len(samples)} median={statistics.median(samples):.2f} p99={percentile(samples, 99):.2f} max={max(samples):.2f}")
        # Where a group's time goes, phase by phase (each phase's own median and p99).
        print(f"  phases[{name}] " + " ".join(
            f"{phase}={statistics.median(values):.2f}/{percentile(values, 99):.2f}" for phase, values in phases.items()))
    dashboard.quit()
    print(f"frame_ms_p99_all={percentile(every, 99):.2f}")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    mode, argv = sys.argv[1], sys.argv[2:]
    if mode == "startup":
        startup(argv)
    elif mode == "bytes":
        bytes_per_move(argv)
    elif mode == "memory":
        memory(argv, wait_for_sync=False)
    elif mode == "memory-after-sync":
        memory(argv, wait_for_sync=True)
    elif mode == "keys":
        keys(argv)
    else:
        fail(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
