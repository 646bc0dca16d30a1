#!/usr/bin/env python3
"""Time scikit-learn's roc_auc_score (AUC only, no SE or test) on a benchmark CSV.

Usage: python3 bench/sklearn_auc.py FILE N_MARKERS

Reads the file with pandas.read_csv, then calls roc_auc_score(y, m_k) for the first
N_MARKERS markers. Prints the AUCs on stdout and the seconds spent reading and computing
on stderr as `phase read SECONDS` and `phase compute SECONDS`.
"""

import sys
import time

import pandas as pd
from sklearn.metrics import roc_auc_score


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 bench/sklearn_auc.py FILE N_MARKERS")
    path, n_markers = sys.argv[1], int(sys.argv[2])

    start = time.perf_counter()
    data = pd.read_csv(path)
    read_done = time.perf_counter()
    for k in range(1, n_markers + 1):
        auc = roc_auc_score(data["y"].to_numpy(), data[f"m{k}"].to_numpy())
        print(f"m{k} auc {auc!r}")
    done = time.perf_counter()

    print(f"phase read {read_done - start:.3f}", file=sys.stderr)
    print(f"phase compute {done - read_done:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
