#!/usr/bin/env python3
"""Split the CPU time of one `repro roc` run into reading, conversion and computation.

Usage: python3 bench/profile_repro.py FILE N_MARKERS [--repro PATH] [--frequency HZ]

Records the run with `perf record --call-graph dwarf` and assigns each CPU sample, by
the functions on its call stack, to one phase:

    read CSV     repro::job::read_table and polars' CSV reader threads
                 (Table::read: SHA-256, UTF-8 check, csv-crate structure pass, polars parse)
    to numbers   repro::job::complete_cases (Table::text, Table::numeric, dropping rows)
    ROC + DeLong repro_report::json::roc::roc and repro_roc, also on rayon threads
    JSON output  repro::cli::print_document
    other        everything else (process start, freeing memory at exit, kernel work
                 outside these calls)

Prints the share of samples per phase and, within each phase, the functions that take
the most samples themselves. Samples are CPU time on all threads, not wall time. Needs
perf and permission to profile (root, or kernel.perf_event_paranoid <= 1).
"""

import argparse
import collections
import os
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)

# (phase, substrings of a frame's symbol); the first rule that matches any frame wins.
RULES = [
    ("JSON output", ("print_document",)),
    ("to numbers", ("complete_cases",)),
    ("read CSV", ("read_table", "Table::read", "polars_io")),
    ("ROC + DeLong", ("json::roc::roc", "repro_roc", "rayon::slice::sort")),
]


def parse_samples(text):
    """Yield each sample's call stack (innermost frame first) from `perf script` output."""
    stack = []
    for line in text.splitlines():
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith((" ", "\t")):
            parts = line.split(None, 1)
            symbol = parts[1].rsplit(" (", 1)[0] if len(parts) > 1 else "?"
            stack.append(symbol)
        else:
            stack = []
    if stack:
        yield stack


def classify(stack):
    for phase, needles in RULES:
        if any(needle in frame for frame in stack for needle in needles):
            return phase
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("markers", type=int)
    parser.add_argument("--repro", default=os.path.join(REPO_DIR, "target", "release", "repro"))
    parser.add_argument("--frequency", type=int, default=499, help="samples per second [%(default)s]")
    args = parser.parse_args()

    predictors = [argument for k in range(1, args.markers + 1) for argument in ("--predictor", f"m{k}")]
    command = [args.repro, "roc", "--data", args.file, "--outcome", "y", "--positive", "1",
               *predictors, "--direction", "higher", "--json"]
    with tempfile.TemporaryDirectory() as folder:
        data = os.path.join(folder, "perf.data")
        record = ["perf", "record", "-q", "-F", str(args.frequency), "--call-graph", "dwarf,16384", "-o", data]
        subprocess.run(record + command, check=True, stdout=subprocess.DEVNULL)
        script = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym"],
                                check=True, capture_output=True, text=True).stdout

    phases = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for stack in parse_samples(script):
        phase = classify(stack)
        phases[phase] += 1
        leaves[phase][stack[0]] += 1
    total = sum(phases.values())
    if total == 0:
        sys.exit("perf recorded no samples; check kernel.perf_event_paranoid")

    print(f"{' '.join(command)}\n{total} samples at {args.frequency} Hz\n")
    for phase, count in phases.most_common():
        print(f"{phase:14s} {100 * count / total:5.1f} %")
        for symbol, leaf_count in leaves[phase].most_common(6):
            print(f"    {100 * leaf_count / total:5.1f} %  {symbol[:100]}")


if __name__ == "__main__":
    main()
