#!/usr/bin/env python3
"""Times two or more builds of a command alternately, so that a noisy machine slows them alike.

Usage: bench/ab.py BINARY... -- ARGS...   (env: N runs each, default 30; 3 warm-up rounds)
Prints each binary's median, 10th percentile and fastest wall time in ms.
Example: bench/ab.py /tmp/sw-old target/release/specwright -- lint stripe-v30.yaml -o /dev/null
"""
import os
import statistics
import subprocess
import sys
import time

if "--" not in sys.argv[1:]:
    sys.exit(__doc__)
split = sys.argv.index("--")
binaries, args = sys.argv[1:split], sys.argv[split + 1:]
runs = int(os.environ.get("N", "30"))
times = {b: [] for b in binaries}
for round_ in range(runs + 3):
    # Alternate the order too: the first of a pair can find the caches colder.
    for b in binaries if round_ % 2 == 0 else binaries[::-1]:
        start = time.perf_counter()
        subprocess.run([b, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if round_ >= 3:
            times[b].append((time.perf_counter() - start) * 1000)
for b in binaries:
    t = sorted(times[b])
    print(f"{b}: median {statistics.median(t):.1f} p10 {t[len(t) // 10]:.1f} min {t[0]:.1f} ms")
