"""The deadline rush with a power cut: bench/rush.py with the server killed by SIGKILL half-way
through and started again. Every acknowledged write must be in the database afterwards, intact; a
write whose answer was lost must have happened whole or not at all.

    python bench/crash.py                       # SQLite, 50 clients, 30 s, killed at 15 s
    python bench/crash.py --database postgresql://postgres@127.0.0.1:5432/postgres --seconds 20
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rush  # noqa: E402 — bench/rush.py, beside this file

if __name__ == "__main__":
    argv = sys.argv[1:]
    if not any(a.startswith("--crash-at") for a in argv):
        seconds = 30.0
        for i, a in enumerate(argv):
            if a == "--seconds" and i + 1 < len(argv):
                seconds = float(argv[i + 1])
            elif a.startswith("--seconds="):
                seconds = float(a.split("=", 1)[1])
        argv += ["--crash-at", str(seconds / 2)]
    sys.exit(rush.main(argv))
