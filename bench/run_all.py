"""``make bench``: run every ``bench/bench_*.py``, show its output, and record it in bench/README.md.

The figures go between the ``<!-- results -->`` markers of bench/README.md, under the machine
and the date they were measured on; the rest of that file is left as written.
``PARSCORE_BENCH_QUICK=1`` runs the quick variants (and says so in the record).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PYTHON, QUICK, machine

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- results -->", "<!-- /results -->"


def main() -> int:
    sections = []
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        proc = subprocess.run([PYTHON, str(script)], stdout=subprocess.PIPE, text=True, check=False)
        print(proc.stdout, end="", flush=True)
        status = status or proc.returncode
        sections.append(f"### {script.name}\n\n```\n{proc.stdout.rstrip()}\n```\n")
    now = dt.datetime.now(dt.UTC).strftime("%d/%m/%Y %H:%M UTC")
    mode = " (quick mode: fewer repetitions, no 10,000-commune run)" if QUICK else ""
    block = f"Measured {now} on {machine()}{mode}.\n\n" + "\n".join(sections)
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{block}{END}{tail}", encoding="utf-8")
    print(f"recorded in {README.relative_to(HERE.parent)}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
