#!/usr/bin/env python3
"""Time repro against pROC, scikit-learn and a sort baseline, and the whole study against R.

Every measurement is one whole process started by this script under `/usr/bin/time -v`:
the wall time comes from the monotonic clock around the process, the peak memory
(maximum resident set size) and CPU time from `/usr/bin/time`. The tools run in turns:
for each size, repetition r runs every tool once, starting with a different tool each
repetition, so that a change of machine load spreads over all tools. The tables give the
median over the repetitions.

Usage:
    python3 bench/generate.py                     # once: writes the CSV files
    python3 bench/run.py roc   [--sizes ...] [--reps N] [--reps-large N]
    python3 bench/run.py study [--reps N] [--replicates 2000]
    python3 bench/run.py summary --raw WORK/runs.jsonl   # the tables again, from saved runs

Tools (a tool that is not installed is skipped with a message):
    repro    target/release/repro roc ... --direction higher --json (AUC, DeLong SE and
             CI, Youden cut-off for each marker, paired DeLong test of each pair)
    pROC     Rscript bench/proc.R (roc, ci.auc delong, coords youden, roc.test delong)
    sklearn  python3 bench/sklearn_auc.py (roc_auc_score: the AUC only)
    sort     python3 bench/sort_baseline.py (numpy.sort of each marker column)

Raw runs are written as JSON lines to --raw; the summary tables are printed on stdout
as Markdown.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
DEFAULT_DATA = os.environ.get("REPRO_BENCH_DATA", "/tmp/repro-bench/data")
DEFAULT_WORK = "/tmp/repro-bench"
DEFAULT_SIZES = "10000,100000,1000000,10000000"
LARGE = 10_000_000
TIMEOUT_SECONDS = 3600


def log(message):
    print(message, file=sys.stderr, flush=True)


def load_average():
    """Return the 1-minute load average."""
    return os.getloadavg()[0]


def run_timed(command, stdout_path):
    """Run command under /usr/bin/time -v and return its measurements as a dict."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as time_file, open(stdout_path, "w") as stdout:
        full = ["/usr/bin/time", "-v", "-o", time_file.name] + command
        load = load_average()
        start = time.perf_counter()
        try:
            process = subprocess.run(
                full, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "wall_s": TIMEOUT_SECONDS, "load_1m": load}
        wall = time.perf_counter() - start
        report = time_file.read()

    result = {"wall_s": wall, "load_1m": load, "exit": process.returncode}
    result["status"] = "ok" if process.returncode == 0 else "failed"
    patterns = {
        "peak_rss_kb": r"Maximum resident set size \(kbytes\): (\d+)",
        "user_s": r"User time \(seconds\): ([\d.]+)",
        "system_s": r"System time \(seconds\): ([\d.]+)",
    }
    for key, pattern in patterns.items():
        match = re.search(pattern, report)
        if match:
            result[key] = float(match.group(1))
    for match in re.finditer(r"^phase (\w+) ([\d.]+)$", process.stderr, re.MULTILINE):
        result[f"{match.group(1)}_s"] = float(match.group(2))
    if process.returncode != 0:
        result["stderr"] = process.stderr[-2000:]
    return result


def have_python_modules(*names):
    """Return True when every module imports in a fresh python3."""
    code = "; ".join(f"import {name}" for name in names)
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def have_r_package(name):
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(
        ["Rscript", "-e", f"quit(status = !requireNamespace('{name}', quietly = TRUE))"],
        capture_output=True,
    )
    return check.returncode == 0


def find_repro(path):
    """Return the repro binary, or None with a message when it is not built."""
    if os.access(path, os.X_OK):
        return path
    log(f"skipping repro: {path} not found; build it with `cargo build --release -p repro`")
    return None


def roc_tools(repro):
    """Return {name: function(file, k) -> command} for the tools that are installed."""
    tools = {}
    if repro:
        def repro_command(file, k):
            predictors = [argument for j in range(1, k + 1) for argument in ("--predictor", f"m{j}")]
            return [repro, "roc", "--data", file, "--outcome", "y", "--positive", "1",
                    *predictors, "--direction", "higher", "--json"]
        tools["repro"] = repro_command
    if have_r_package("pROC"):
        tools["pROC"] = lambda file, k: ["Rscript", os.path.join(BENCH_DIR, "proc.R"), file, str(k)]
    else:
        log("skipping pROC: Rscript or the pROC package is missing (apt-get install r-base-core r-cran-proc)")
    if have_python_modules("sklearn", "pandas"):
        tools["sklearn"] = lambda file, k: [sys.executable, os.path.join(BENCH_DIR, "sklearn_auc.py"), file, str(k)]
    else:
        log("skipping sklearn: scikit-learn or pandas is missing (pip install scikit-learn pandas)")
    if have_python_modules("numpy", "pandas"):
        tools["sort"] = lambda file, k: [sys.executable, os.path.join(BENCH_DIR, "sort_baseline.py"), file, str(k)]
    else:
        log("skipping sort: numpy or pandas is missing (pip install numpy pandas)")
    return tools


def read_aucs(tool, stdout_path):
    """Return {marker: AUC} from a tool's stdout, to check that the tools agree."""
    with open(stdout_path) as handle:
        text = handle.read()
    if tool == "repro":
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            return {}
        return {curve["predictor"]: float(curve["auc"]) for curve in document.get("curves", [])}
    return {match.group(1): float(match.group(2)) for match in re.finditer(r"^(m\d) auc (\S+)", text, re.MULTILINE)}


def rotate(items, by):
    by %= len(items)
    return items[by:] + items[:by]


def bench_roc(args):
    repro = find_repro(args.repro)
    tools = roc_tools(repro)
    if not tools:
        sys.exit("no tool to time")
    sizes = [int(float(text)) for text in args.sizes.split(",")]
    markers = [int(text) for text in args.markers.split(",")]
    records = []
    with open(args.raw, "a") as raw:
        for n in sizes:
            file = os.path.join(args.data, f"roc_n{n}.csv")
            if not os.path.exists(file):
                log(f"skipping n = {n}: {file} not found; run bench/generate.py first")
                continue
            reps = args.reps_large if n >= LARGE else args.reps
            cells = [(tool, k) for k in markers for tool in tools]
            aucs = {}
            for rep in range(reps):
                for tool, k in rotate(cells, rep):
                    stdout_path = os.path.join(args.work, f"out_{tool}_{k}.txt")
                    result = run_timed(tools[tool](file, k), stdout_path)
                    result.update({"bench": "roc", "tool": tool, "markers": k, "n": n, "rep": rep,
                                   "input_bytes": os.path.getsize(file)})
                    if rep == 0 and result["status"] == "ok":
                        aucs[(tool, k)] = read_aucs(tool, stdout_path)
                    raw.write(json.dumps(result) + "\n")
                    raw.flush()
                    records.append(result)
                    log(f"n={n} rep={rep} {tool} k={k}: {result['status']} {result['wall_s']:.3f} s, "
                        f"{result.get('peak_rss_kb', 0) / 1024:.0f} MB, load {result['load_1m']:.2f}")
            check_agreement(n, aucs)
    print(summarise(records))


def check_agreement(n, aucs):
    """Log the largest AUC difference between any tool and repro."""
    reference = {marker: auc for (tool, _), values in aucs.items() if tool == "repro" for marker, auc in values.items()}
    worst = 0.0
    for (tool, _), values in aucs.items():
        for marker, auc in values.items():
            if marker in reference:
                worst = max(worst, abs(auc - reference[marker]))
    log(f"n={n}: largest |AUC - repro AUC| over tools = {worst:.3g}")


def median_of(runs, key):
    values = [run[key] for run in runs if key in run]
    return statistics.median(values) if values else None


def seconds(value):
    if value is None:
        return "-"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def summarise(records):
    """Return Markdown tables of median wall time, ratio to repro, phases and peak memory."""
    groups = {}
    for record in records:
        groups.setdefault((record["bench"], record["n"], record["markers"], record["tool"]), []).append(record)

    lines = ["| n | markers | tool | runs | median wall | × repro | read (in-process) | compute (in-process) "
             "| CPU user+sys | peak RSS | RSS ÷ input | median load |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (bench, n, k, tool), runs in sorted(groups.items()):
        good = [run for run in runs if run["status"] == "ok"]
        if not good:
            lines.append(f"| {n} | {k} | {tool} | 0 | {runs[0]['status']} | | | | | | | |")
            continue
        wall = median_of(good, "wall_s")
        repro_runs = [r for r in groups.get((bench, n, k, "repro"), []) if r["status"] == "ok"]
        ratio = f"{wall / median_of(repro_runs, 'wall_s'):.2f}" if repro_runs else "-"
        cpu = statistics.median([run.get("user_s", 0) + run.get("system_s", 0) for run in good])
        rss = median_of(good, "peak_rss_kb")
        per_input = f"{rss * 1024 / good[0]['input_bytes']:.1f}" if good[0].get("input_bytes") else "-"
        lines.append(
            f"| {n} | {k} | {tool} | {len(good)} | {seconds(wall)} | {ratio} | {seconds(median_of(good, 'read_s'))} "
            f"| {seconds(median_of(good, 'compute_s'))} | {seconds(cpu)} | {rss / 1024:.0f} MB "
            f"| {per_input} | {median_of(good, 'load_1m'):.2f} |"
        )
    return "\n".join(lines)


def prepare_study(replicates, work):
    """Copy data/tace-ctp to work/study-R with bootstrap_replicates = R and return its folder."""
    source = os.path.join(REPO_DIR, "data", "tace-ctp")
    target = os.path.join(work, f"study-{replicates}")
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target)
    study_file = os.path.join(target, "study.toml")
    with open(study_file) as handle:
        text = handle.read()
    text, count = re.subn(r"(?m)^bootstrap_replicates = \d+", f"bootstrap_replicates = {replicates}", text)
    if count != 1:
        sys.exit(f"{study_file}: expected one bootstrap_replicates line, found {count}")
    with open(study_file, "w") as handle:
        handle.write(text)
    return target


def bench_study(args):
    repro = find_repro(args.repro)
    study = prepare_study(args.replicates, args.work)
    tools = {}
    if repro:
        out = os.path.join(args.work, "study-out")
        tools["repro"] = [repro, "run", study, "--out", out]
    if have_r_package("pROC"):
        tools["R"] = ["Rscript", os.path.join(BENCH_DIR, "study.R"), os.path.join(study, "cohort.csv"),
                      str(args.replicates)]
    else:
        log("skipping R: Rscript or the pROC package is missing (apt-get install r-base-core r-cran-proc)")
    if not tools:
        sys.exit("no tool to time")

    records = []
    names = list(tools)
    with open(args.raw, "a") as raw:
        for rep in range(args.reps):
            for tool in rotate(names, rep):
                stdout_path = os.path.join(args.work, f"study_{tool}.txt")
                result = run_timed(tools[tool], stdout_path)
                result.update({"bench": "study", "tool": tool, "markers": 6, "n": 95, "rep": rep,
                               "replicates": args.replicates})
                raw.write(json.dumps(result) + "\n")
                raw.flush()
                records.append(result)
                log(f"study rep={rep} {tool}: {result['status']} {result['wall_s']:.3f} s, "
                    f"{result.get('peak_rss_kb', 0) / 1024:.0f} MB, load {result['load_1m']:.2f}")
    print(summarise(records))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", choices=["roc", "study", "summary"],
                        help="which benchmark to run, or `summary` to print the tables of the runs in --raw")
    parser.add_argument("--repro", default=os.path.join(REPO_DIR, "target", "release", "repro"),
                        help="the repro binary [%(default)s]")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder of bench/generate.py's files [%(default)s]")
    parser.add_argument("--work", default=DEFAULT_WORK, help="scratch folder for outputs [%(default)s]")
    parser.add_argument("--raw", default=None, help="JSON-lines file the runs are appended to [WORK/runs.jsonl]")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="roc: row counts [%(default)s]")
    parser.add_argument("--markers", default="1,3", help="roc: marker counts to time [%(default)s]")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per tool [%(default)s]")
    parser.add_argument("--reps-large", type=int, default=3, help=f"roc: repetitions at n >= {LARGE} [%(default)s]")
    parser.add_argument("--replicates", type=int, default=2000, help="study: bootstrap replicates [%(default)s]")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    if args.raw is None:
        args.raw = os.path.join(args.work, "runs.jsonl")
    if args.bench == "summary":
        with open(args.raw) as raw:
            print(summarise([json.loads(line) for line in raw if line.strip()]))
        return
    log(f"load average at start: {os.getloadavg()}")
    if args.bench == "roc":
        bench_roc(args)
    else:
        bench_study(args)
    log(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
