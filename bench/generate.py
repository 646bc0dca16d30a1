#!/usr/bin/env python3
"""Write the seeded benchmark datasets, one CSV per size, for every tool to read.

Each file has the columns ``y`` (outcome, ``1`` for about 30 % of rows, else ``0``) and
``m1``, ``m2``, ``m3`` (three markers, rounded to 2 decimals so that large files have many
ties). The markers share a common normal component (correlation 0.36 within a class) and are
shifted up in the positive rows by 0.5, 0.8 and 1.0 standard deviations, which gives
AUCs near 0.64, 0.71 and 0.76. The values lie around 50 with SD 10, so a file contains at
most about 10^4 distinct values per marker.

The data is synthetic and exists only to time the tools.

Usage:
    python3 bench/generate.py [--out DIR] [--sizes 10000,100000,...] [--seed N]

A file that already exists with the expected number of lines is kept, so the data is
written once and every tool reads the same bytes.
"""

import argparse
import os
import sys

import numpy as np

DEFAULT_SIZES = [10_000, 100_000, 1_000_000, 10_000_000]
DEFAULT_OUT = os.environ.get("REPRO_BENCH_DATA", "/tmp/repro-bench/data")
PREVALENCE = 0.3
SHIFTS = (0.5, 0.8, 1.0)
CHUNK_ROWS = 1_000_000


def file_name(n):
    """Return the file name of the dataset with n rows."""
    return f"roc_n{n}.csv"


def count_lines(path):
    """Count the lines of a file without loading it."""
    lines = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return lines


def write_dataset(path, n, seed):
    """Write n rows to path, in chunks of 10^6 rows, so that memory does not grow with n."""
    rng = np.random.default_rng([seed, n])
    temporary = path + ".partial"
    with open(temporary, "w", newline="\n") as handle:
        handle.write("y,m1,m2,m3\n")
        for start in range(0, n, CHUNK_ROWS):
            rows = min(CHUNK_ROWS, n - start)
            positive = rng.random(rows) < PREVALENCE
            common = rng.standard_normal(rows)
            columns = [positive.astype(np.int64).astype(str)]
            for shift in SHIFTS:
                latent = 0.6 * common + 0.8 * rng.standard_normal(rows) + shift * positive
                # Integers in hundredths, so the text has exactly two decimals.
                hundredths = np.rint((50.0 + 10.0 * latent) * 100.0).astype(np.int64)
                columns.append(format_hundredths(hundredths))
            lines = columns[0]
            for column in columns[1:]:
                lines = np.char.add(np.char.add(lines, ","), column)
            handle.write("\n".join(lines.tolist()))
            handle.write("\n")
    os.replace(temporary, path)


def format_hundredths(values):
    """Format integer hundredths as decimal text with two decimals ('-0.05', '12.30')."""
    sign = np.where(values < 0, "-", "")
    magnitude = np.abs(values)
    whole = (magnitude // 100).astype(str)
    fraction = np.char.zfill((magnitude % 100).astype(str), 2)
    return np.char.add(np.char.add(np.char.add(sign, whole), "."), fraction)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder [%(default)s]")
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated row counts [%(default)s]",
    )
    parser.add_argument("--seed", type=int, default=20250101, help="base seed [%(default)s]")
    args = parser.parse_args()

    sizes = [int(float(text)) for text in args.sizes.split(",")]
    os.makedirs(args.out, exist_ok=True)
    for n in sizes:
        path = os.path.join(args.out, file_name(n))
        if os.path.exists(path) and count_lines(path) == n + 1:
            print(f"kept {path} ({n} rows)", file=sys.stderr)
            continue
        write_dataset(path, n, args.seed)
        print(f"wrote {path} ({n} rows, {os.path.getsize(path)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
