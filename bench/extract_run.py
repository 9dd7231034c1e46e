#!/usr/bin/env python3
"""bench/extract_run.py EXE OUT.jsonl PAGE... - runs `EXE extract --json
PAGE...` as one process and prints its wall and CPU (user + system) seconds:
"WALL CPU".  Used by bench/extract."""
import os
import subprocess
import sys
import time

exe, out, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.perf_counter()
with open(out, "wb") as o, open(out + ".err", "wb") as e:
    p = subprocess.Popen([exe, "extract", "--json"] + pages, stdout=o, stderr=e)
    _, status, ru = os.wait4(p.pid, 0)
print(f"{time.perf_counter() - t0:.3f} {ru.ru_utime + ru.ru_stime:.3f}")
