"""Load test: `policyqa serve` on 127.0.0.1 under concurrent clients asking `/api/ask`.

`python -m eval.perf.load HOME [--clients 1 4 16 64] [--questions 1000]` starts the server on the index in
HOME, measures start-up (spawn to first healthy answer), then for each client count asks
`--questions` questions drawn in turn from the question set, with an API key (so the public
rate limit does not apply) and the answer cache off: every figure is an answer computed. A last run without a key shows the rate limit answering 429.
Prints one JSON line; `make bench` puts it in eval/reports/bench.*.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx

from eval.questions import SPLITS, load, split_path
from eval.runner import latency_summary

API_KEY = "load-test-key"
RATE_LIMIT = 30


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`policyqa serve` in a child process; its peak RSS is read from /proc while it runs."""

    def __init__(self, home: Path, env: dict[str, str], wait_s: float = 120, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "policyqa.cli", "serve", "--port", str(self.port), "--workers", str(workers)],
            env={**os.environ, "POLICYQA_HOME": str(home), **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + wait_s
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer within {wait_s:.0f} s")
            time.sleep(0.05)
        self.startup_s = round(time.perf_counter() - started, 2)

    def _processes(self) -> list[int]:
        """The server and, with --workers, its worker processes."""
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            children = Path(f"/proc/{pid}/task/{pid}/children")
            todo += [int(c) for c in children.read_text().split()] if children.exists() else []
        return found

    def peak_rss_mb(self) -> float:
        """VmHWM summed over the server's processes: each one's peak resident set so far."""
        total = 0
        for pid in self._processes():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        return round(total / 1024, 1)

    def idle_cpu_percent(self, seconds: float = 10.0) -> float:
        """The share of one core the server's processes use while nobody asks anything."""
        def ticks() -> int:
            total = 0
            for pid in self._processes():
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime
            return total
        before = ticks()
        time.sleep(seconds)
        return round(100 * (ticks() - before) / os.sysconf("SC_CLK_TCK") / seconds, 2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _questions() -> list[str]:
    return [q.question for split in SPLITS for q in load(split_path(split))]


def hammer(url: str, questions: list[str], clients: int, headers: dict[str, str]) -> dict[str, Any]:
    """`clients` threads, each with its own keep-alive connection, share the questions."""
    work = iter(questions)
    lock = threading.Lock()
    timings: list[float] = []
    statuses: dict[str, int] = {}

    def client() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            while True:
                with lock:
                    question = next(work, None)
                if question is None:
                    return
                started = time.perf_counter()
                try:
                    status = str(http.post("/api/ask", json={"question": question}).status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    timings.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    errors = sum(n for status, n in statuses.items() if status != "200")
    return {"clients": clients, "requests": len(timings), "seconds": round(wall, 2),
            "throughput_rps": round(len(timings) / wall, 1), **latency_summary(timings), "errors": errors,
            "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--questions", type=int, default=1000, help="questions per client count")
    parser.add_argument("--workers", type=int, default=1, help="`policyqa serve --workers`")
    parser.add_argument("--no-rate-limit-check", action="store_true", help="skip the key-less 429 run")
    args = parser.parse_args()
    pool = _questions()

    server = Server(args.home, {"POLICYQA_API_KEYS": API_KEY, "POLICYQA_ANSWER_CACHE": "0"}, workers=args.workers)
    try:
        idle = server.idle_cpu_percent()
        runs = [hammer(server.url, list(islice(cycle(pool), args.questions)), clients, {"X-API-Key": API_KEY})
                for clients in args.clients]
        peak = server.peak_rss_mb()
    finally:
        server.stop()

    report = {"workers": args.workers, "startup_s": server.startup_s, "questions_in_pool": len(pool), "runs": runs,
              "server_peak_rss_mb": peak, "idle_cpu_percent": idle}
    if not args.no_rate_limit_check:
        public = Server(args.home, {"POLICYQA_PUBLIC_RATE_LIMIT": str(RATE_LIMIT)})
        try:
            limited = hammer(public.url, list(islice(cycle(pool), 4 * RATE_LIMIT)), 16, {})
        finally:
            public.stop()
        statuses = limited["statuses"]
        report["rate_limited"] = {"limit_per_minute": RATE_LIMIT, "requests": limited["requests"],
                                  "ok": statuses.get("200", 0), "refused_429": statuses.get("429", 0),
                                  "other": limited["requests"] - statuses.get("200", 0) - statuses.get("429", 0)}
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
