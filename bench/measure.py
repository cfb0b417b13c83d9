"""Time and peak memory of one command, each in its own process so that measurements never share a heap."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Sample:
    """One run of one command."""

    seconds: float
    """Wall time of the whole process, interpreter start-up included."""
    peak_mib: float
    """Peak resident memory of the process and the children it waited for (ru_maxrss)."""
    cpu_seconds: float
    """User plus system time: with other work on the machine, wall time alone can mislead."""
    ok: bool
    load: float
    """The machine's one-minute load average when the run started."""
    inner: dict[str, Any] = field(default_factory=dict)
    """What a bench worker printed as JSON on its last line (its own timing of the measured call)."""
    log: str = ""
    lines: list[tuple[float, str]] = field(default_factory=list)
    """Each line the command printed, with the seconds since its start when it arrived: the build's
    progress lines name its stages, so their times give each stage's share (stage_seconds)."""


class CommandFailed(RuntimeError):
    pass


class TimedOut(CommandFailed):
    def __init__(self, message: str, sample: Sample) -> None:
        super().__init__(message)
        self.sample = sample


def run(
    cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None, timeout: float | None = None
) -> Sample:
    """Run cmd to completion, output to log; raise CommandFailed (with the log's tail) if it fails.

    A command still running after `timeout` seconds is killed and TimedOut raised, carrying what was
    measured until then: at the largest sizes a figure of "more than N seconds" is still a figure.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    # What the preparation wrote (a shelf copied, a site removed) goes to disk before the clock starts:
    # otherwise the kernel writes it back during the command, which then pays for work not its own.
    os.sync()
    load = os.getloadavg()[0]
    killed = False
    timeline: list[tuple[float, str]] = []
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        reader = threading.Thread(target=_copy_lines, args=(proc, out, start, timeline), daemon=True)
        reader.start()
        while True:
            # wait4 gives the rusage of this one child (and what it waited for), unlike RUSAGE_CHILDREN,
            # which keeps the largest peak of every child this harness ever ran.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout and not killed:
                proc.kill()
                killed = True
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if killed:
        partial = Sample(
            seconds,
            usage.ru_maxrss / 1024,
            usage.ru_utime + usage.ru_stime,
            False,
            load,
            log=str(log),
            lines=timeline,
        )
        raise TimedOut(f"{' '.join(cmd)} killed after {timeout:.0f} s", partial)
    if proc.returncode != 0:
        tail = "\n".join(text.splitlines()[-15:])
        raise CommandFailed(f"{' '.join(cmd)} (in {cwd}) exited {proc.returncode}:\n{tail}")
    inner: dict[str, Any] = {}
    lines = text.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        try:
            inner = json.loads(lines[-1])
        except ValueError:
            inner = {}
    return Sample(
        seconds=seconds,
        peak_mib=usage.ru_maxrss / 1024,  # Linux reports kibibytes
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        ok=True,
        load=load,
        inner=inner,
        log=str(log),
        lines=timeline,
    )


def _copy_lines(
    proc: subprocess.Popen[bytes], out: Any, start: float, lines: list[tuple[float, str]]
) -> None:
    """The command's output into the log as it comes, each line noted with when it came."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        out.write(raw)
        lines.append((time.perf_counter() - start, raw.decode("utf-8", "replace").rstrip("\n")))
    out.flush()


def stage_seconds(sample: Sample, stages: list[tuple[str, str]]) -> dict[str, float]:
    """How long each stage took, by name: from the first line starting with its mark to the first line
    of the next stage met (or the end of the run); an empty mark is the start. stages: (name, mark), in the
    order they run."""
    found = []
    for name, mark in stages:
        at = 0.0 if not mark else next((t for t, line in sample.lines if line.startswith(mark)), None)
        if at is not None:
            found.append((name, at))
    ends = [t for _, t in found[1:]] + [sample.seconds]
    return {name: end - at for (name, at), end in zip(found, ends, strict=True)}


@dataclass
class Series:
    """Repeated runs of one measurement; the figures reported are medians."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    def values(self, key: str = "seconds") -> list[float]:
        if key.startswith("inner."):
            name = key.removeprefix("inner.")
            return [float(s.inner[name]) for s in self.samples if name in s.inner]
        return [float(getattr(s, key)) for s in self.samples]

    @property
    def complete(self) -> bool:
        """False when a run was killed at its time limit: the figures are then lower bounds."""
        return all(s.ok for s in self.samples)

    def median(self, key: str = "seconds") -> float:
        values = self.values(key)
        return statistics.median(values) if values else float("nan")

    def spread(self, key: str = "seconds") -> tuple[float, float]:
        values = self.values(key) or [float("nan")]
        return min(values), max(values)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "runs": len(self.samples),
            "median_seconds": self.median(),
            "median_peak_mib": self.median("peak_mib"),
            "complete": self.complete,
            "samples": [asdict(s) for s in self.samples],
        }
