#!/usr/bin/env python3
"""Time the sorting baseline: numpy.sort of each marker column of a benchmark CSV.

Usage: python3 bench/sort_baseline.py FILE N_MARKERS

Any exact AUC with ties needs at least one sort of the scores, so the time to sort them
alone is the floor the ROC tools are compared with. The script reads the file with
pandas.read_csv, then sorts a copy of each of the first N_MARKERS columns (float64) with
numpy.sort, default kind "quicksort". On x86 CPUs with AVX-512 or AVX2, numpy runs that
as Intel's vectorised x86-simd-sort quicksort, elsewhere as an introsort. Prints the seconds spent reading and sorting on stderr as
`phase read SECONDS` and `phase compute SECONDS`.
"""

import sys
import time

import numpy as np
import pandas as pd


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 bench/sort_baseline.py FILE N_MARKERS")
    path, n_markers = sys.argv[1], int(sys.argv[2])

    start = time.perf_counter()
    data = pd.read_csv(path)
    columns = [data[f"m{k}"].to_numpy(dtype=np.float64) for k in range(1, n_markers + 1)]
    read_done = time.perf_counter()
    checksum = 0.0
    for column in columns:
        ordered = np.sort(column)
        checksum += ordered[len(ordered) // 2]
    done = time.perf_counter()

    print(f"medians sum {checksum!r}")
    print(f"phase read {read_done - start:.3f}", file=sys.stderr)
    print(f"phase compute {done - read_done:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
