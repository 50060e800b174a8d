#!/usr/bin/env python3
"""Dirty variants of the bundled real series against their clean twins, through `barcast backtest`.

Each case takes a bundled split-adjusted series, makes it dirty the way real feeds are (an unadjusted split,
told or not; a reverse split; a 10-trading-day hole; zero-volume days), backtests it and its clean twin with
the same jar and settings, and compares what matters to a consumer: coverage per level, mean interval score,
the 95% interval's width in the 30 trading days after a split, the width right after a zero-volume day, and
Theil's U. Widths and scores are shares of the last close, so a raw series compares with its adjusted twin
whichever units the jar reports in. Standard library only.

  python3 src/bench/data-quality-bench.py --jar target/barcast.jar [--work DIR] [--case NAME ...]
"""
import argparse, csv, datetime as dt, json, math, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = {"AAPL": os.path.join(ROOT, "src/main/resources/data/aapl_2013-2018.csv"),
        "SPX": os.path.join(ROOT, "src/main/resources/data/sp500_2000-2020.csv")}


def read(symbol):
    with open(DATA[symbol]) as f:
        return [dict(r) for r in csv.DictReader(f)]


def first_on_or_after(rows, date):
    return next(i for i, r in enumerate(rows) if r["Date"] >= date)


def split(rows, ex_date, ratio, told):
    """Raw prices around a ratio-for-1 split on ex_date (ratio < 1: a reverse split): history before it is in
    pre-split units (prices x ratio, volume / ratio); told adds the cumulative SplitFactor column."""
    ex = first_on_or_after(rows, ex_date)
    out = []
    for i, r in enumerate(rows):
        r = dict(r)
        if i < ex:
            for k in ("Open", "High", "Low", "Close"):
                r[k] = "%.6f" % (float(r[k]) * ratio)
            r["Volume"] = "%.0f" % (float(r["Volume"]) / ratio)
        if told:
            r["SplitFactor"] = "1" if i < ex else "%g" % ratio
        out.append(r)
    return out, [rows[ex]["Date"]]


def hole(rows, start, days):
    i = first_on_or_after(rows, start)
    return rows[:i] + rows[i + days:], [rows[i + days]["Date"]]


def zero_volume(rows, start, every, count):
    i = first_on_or_after(rows, start)
    out = [dict(r) for r in rows]
    marked = []
    for k in range(count):
        out[i + k * every]["Volume"] = "0"
        marked.append(out[i + k * every]["Date"])
    return out, marked


CASES = {
    # AAPL's real 7-for-1 split of 2014-06-09 as a raw feed shows it (in the training windows of the first models).
    "aapl-raw-7to1-2014": ("AAPL", "split", lambda r: split(r, "2014-06-09", 7, False)),
    "aapl-2to1-untold-2016": ("AAPL", "split", lambda r: split(r, "2016-06-01", 2, False)),
    "aapl-2to1-told-2016": ("AAPL", "split", lambda r: split(r, "2016-06-01", 2, True)),
    "spx-2to1-untold-2010": ("SPX", "split", lambda r: split(r, "2010-01-04", 2, False)),
    "spx-1to10-reverse-2012": ("SPX", "split", lambda r: split(r, "2012-06-01", 0.1, False)),
    "aapl-hole-10d-2016": ("AAPL", "hole", lambda r: hole(r, "2016-09-01", 10)),
    "spx-hole-10d-2015": ("SPX", "hole", lambda r: hole(r, "2015-03-02", 10)),
    "aapl-zero-volume-2016": ("AAPL", "zero", lambda r: zero_volume(r, "2015-09-01", 97, 6)),
    "spx-zero-volume-2012": ("SPX", "zero", lambda r: zero_volume(r, "2012-01-03", 251, 8)),
}


def write(path, rows):
    cols = list(rows[0].keys())
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def backtest(jar, csv_path, symbol, out_dir, extra):
    os.makedirs(out_dir, exist_ok=True)
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-jar", jar, "backtest", "--csv", csv_path,
           "--symbol", symbol, "--out", out_dir, "--json"] + extra
    env = dict(os.environ, OMP_NUM_THREADS="1")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    with open(os.path.join(out_dir, "stdout.txt"), "w") as f:
        f.write(p.stdout)
    with open(os.path.join(out_dir, "stderr.txt"), "w") as f:
        f.write(p.stderr)
    if p.returncode != 0:
        sys.exit("backtest failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    return p.stdout


def predictions(out_dir):
    with open(os.path.join(out_dir, "predictions.csv")) as f:
        rows = list(csv.DictReader(f))
    levels = sorted({k[len("lower_"):] for k in rows[0] if k.startswith("lower_")}, key=float)
    return [r for r in rows if r.get("counted", "true") == "true" and r["lower_" + levels[0]]], levels


def score(r, level):
    lo, up, y = float(r["lower_" + level]), float(r["upper_" + level]), float(r["actualClose"])
    a = 1 - float(level)
    return ((up - lo) + 2 / a * max(lo - y, 0) + 2 / a * max(y - up, 0)) / float(r["lastClose"])


def width(r, level):
    return (float(r["upper_" + level]) - float(r["lower_" + level])) / float(r["lastClose"])


def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else float("nan")


def theil(rows, column="error"):
    e = sum(float(r[column]) ** 2 for r in rows)
    n = sum(float(r["naiveError"]) ** 2 for r in rows)
    return math.sqrt(e / n) if n else float("nan")


def compare(kind, marks, dirty_dir, clean_dir):
    dirty, levels = predictions(dirty_dir)
    clean, _ = predictions(clean_dir)
    top = levels[-1]
    res = {"days": len(dirty), "cleanDays": len(clean), "theilU": theil(dirty), "cleanTheilU": theil(clean),
           "rawU": theil(dirty, "modelError"), "cleanRawU": theil(clean, "modelError")}
    for l in levels:
        res["coverageDiffPts_" + l] = 100 * (mean(r["inside_" + l] == "true" for r in dirty)
                                             - mean(r["inside_" + l] == "true" for r in clean))
    res["scoreRatio_mean"] = mean(mean(score(r, l) for r in dirty) / mean(score(r, l) for r in clean) for l in levels)
    res["scoreRatio_" + top] = mean(score(r, top) for r in dirty) / mean(score(r, top) for r in clean)
    by_target = {r["targetDate"]: r for r in clean}
    if kind == "split":
        after = [r for r in dirty if r["targetDate"] >= marks[0]][:30]
        res["width%sRatio30dAfter" % top] = (mean(width(r, top) for r in after)
                                            / mean(width(by_target[r["targetDate"]], top) for r in after))
    if kind == "zero":
        after = [r for r in dirty if r["asOf"] in marks]
        res["width%sRatioAfterZeroVolume" % top] = (
            max(width(r, top) / width(by_target[r["targetDate"]], top) for r in after) if after else float("nan"))
    return res


def events(stdout):
    """The events the backtest's --json names, as "KIND/ACTION date, ..." (a jar without the rules names none)."""
    try:
        j = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return "(no JSON summary)"
    q = j.get("dataQuality")
    if q is None:
        return "(none: this jar has no data-quality rules)"
    named = ["%s/%s %s" % (e["kind"], e["action"], e["date"]) for e in q.get("list", [])]
    return ", ".join(named) if named else "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target/barcast.jar"))
    ap.add_argument("--work", default="/tmp/barcast-quality-bench")
    ap.add_argument("--case", action="append", help="run only these cases (default: all)")
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE passed to every backtest")
    args = ap.parse_args()
    extra = sum((["--set", s] for s in args.set), [])
    names = args.case or list(CASES)
    print("jar %s, %s" % (args.jar, dt.datetime.now().strftime("%Y-%m-%d %H:%M")))
    clean_done = {}
    results = []
    for name in names:
        symbol, kind, make = CASES[name]
        rows = read(symbol)
        if symbol not in clean_done:
            clean_csv = os.path.join(args.work, symbol.lower() + "-clean.csv")
            os.makedirs(args.work, exist_ok=True)
            write(clean_csv, rows)
            backtest(args.jar, clean_csv, symbol, os.path.join(args.work, symbol.lower() + "-clean"), extra)
            clean_done[symbol] = os.path.join(args.work, symbol.lower() + "-clean")
        dirty, marks = make(rows)
        path = os.path.join(args.work, name + ".csv")
        write(path, dirty)
        out = backtest(args.jar, path, symbol, os.path.join(args.work, name), extra)
        res = compare(kind, marks, os.path.join(args.work, name), clean_done[symbol])
        results.append((res, events(out)))
        print("%-24s at %s" % (name, ",".join(marks)))
        print("    events: %s" % events(out))
        print("    " + ", ".join("%s %.4f" % (k, v) if isinstance(v, float) else "%s %s" % (k, v) for k, v in res.items()))
        sys.stdout.flush()
    worst(results)


def worst(results):
    """One line over all cases: the largest departure from the clean twin of each figure."""
    def top(part, fn=abs):
        xs = [fn(v) for r, _ in results for k, v in r.items() if part in k and not math.isnan(v)]
        return max(xs) if xs else float("nan")
    named = sum(1 for _, e in results if not e.startswith("(") and e != "none")
    print("worst of %d cases: coverage within %.2f points of the clean run at every level; mean interval score at most "
          "%.3fx; 95%% width in the 30 days after a split at most %.3fx; after a zero-volume day at most %.3fx; "
          "events named in %d of %d cases" % (len(results), top("coverageDiffPts_"), top("scoreRatio_", lambda v: v),
                                              top("Ratio30dAfter", lambda v: v),
                                              top("RatioAfterZeroVolume", lambda v: v), named, len(results)))


if __name__ == "__main__":
    main()
