#!/usr/bin/env bash
# Regenerates every sample output and figure of the docs from the commands that produce them, in place.
#
#   docs/regenerate.sh                 the default generators (backtests, local, records, quick benchmarks)
#   docs/regenerate.sh NAME ...        only these generators (or the generators of these block ids)
#   docs/regenerate.sh --all           every generator, the opt-in (slow or extra-package) ones too
#   docs/regenerate.sh --list          the generators, their blocks and the date each block was produced
#   docs/regenerate.sh --check         only the checks: BENCHMARKS.md's table rebuilt, links and anchors
#
# A block in README.md, BENCHMARKS.md or docs/*.md is the text between
#   <!-- generated:ID -->   and   <!-- /generated -->
# Its first line names the generator, the date and the commit of the code; the rest is the command's real output.
# The same id may appear in several files: every copy is rewritten. After the generators, BENCHMARKS.md's table
# is rebuilt from the blocks and every relative link and anchor of the docs is checked (exit 1 on a broken one).
#
# Prerequisites: Java 17, Maven (the jar is built if target/barcast.jar is missing or older than the sources),
# python3 (standard library only) for the text processing, and for the generator "records" Debian's
# python3-confluent-kafka for /usr/bin/python3 (apt-get install -y python3-confluent-kafka; the pyenv python3
# lacks it). bench-train needs python3-torch and libopenblas0-pthread (Debian) for its PyTorch peer.
# 2 cores: the generators run one at a time. Scratch output goes to target/regenerate/ (not committed).
set -euo pipefail
# Run from a copy, so that editing this file while it runs (bash reads a script as it goes) cannot break the run.
if [ -z "${REGENERATE_COPY:-}" ]; then
  copy="$(mktemp --suffix=.sh)"
  cp "$0" "$copy"
  REGENERATE_COPY="$copy" REGENERATE_ROOT="$(cd "$(dirname "$0")/.." && pwd)" exec bash "$copy" "$@"
fi
cd "$REGENERATE_ROOT"
ROOT="$PWD"
SCRATCH="$ROOT/target/regenerate"
DATE="$(date -u +%F)"
# The code the outputs come from: the last commit that changed the sources or the build (docs commits do not count).
COMMIT="$(git log -1 --format=%h -- src pom.xml .mvn 2>/dev/null || echo unknown)"
[ -z "$(git status --porcelain -- src pom.xml .mvn 2>/dev/null)" ] || COMMIT="$COMMIT + uncommitted changes"
JAVA=(java --add-modules jdk.incubator.vector)
export OMP_NUM_THREADS=1
PY=python3
KAFKA_PY=/usr/bin/python3

# name | blocks it writes | default or opt-in | what it runs
GENERATORS='
machine|machine|default|the machine: CPU, cores, memory, OS, JDK, Maven, DL4J and Kafka versions (no run)
backtest-aapl|backtest-aapl-text backtest-aapl-summary backtest-aapl-json|default|backtest --csv aapl --json (~15 s); copies its chart to docs/backtest-aapl.png
backtest-sp500|backtest-sp500-text backtest-sp500-json|default|backtest --csv sp500 --json (~30 s)
backtest-both|backtest-both|default|backtest --csv aapl --csv sp500 --threads 2 (~30 s)
backtest-cold|backtest-cold|default|backtest --csv aapl and --csv sp500, --no-warm-start --json (~1-4 min, with the load)
backtest-tutorial|backtest-tutorial|default|backtest --config config/seed-csi300.properties --csv aapl --bars 600 (~20 s); copies its chart to docs/backtest-aapl-seed-csi300.png
backtest-tutorial-cold|backtest-tutorial-cold|default|the same with --no-warm-start: every retrain 100 epochs (~2 min)
local|local|default|the README command with --max-seconds 120, its printout shortened (~130 s; port 8080, or any free port when it is taken)
records|record-bars record-predictions record-prediction-outcomes record-training-loss record-bars-rejected record-data-quality http-prediction|default|local --csv aapl --rate 50, one bad bar and one unadjusted 2:1 split bar produced, each topic read back (~60 s; python3-confluent-kafka)
restart|restart-times failover-times|opt-in|mvn test -Dtest=RestartIntegrationTest,FailoverTest: restart after SIGTERM and SIGKILL, failover with 0 and 1 standby (~4 min)
data-quality|data-quality-bench|opt-in|src/bench/data-quality-bench.py: dirty variants of the bundled series against their clean twins (~4 min)
bench-inference|bench-inference|default|bench inference (~40 s)
bench-retrain|bench-retrain|default|bench retrain --symbols 48 (~40 s)
bench-train|bench-train|opt-in|bench train --route java,builtin --epochs 3, then the PyTorch peer (~1 min; python3-torch)
bench-pipeline|bench-pipeline|opt-in|bench pipeline (~1-2 min)
bench-latency|bench-latency|opt-in|bench latency (~2 min)
bench-memory|bench-memory|opt-in|bench memory (~2-3 min)
'

generators() { echo "$GENERATORS" | sed '/^$/d'; }
gen_field() { generators | awk -F'|' -v n="$1" -v f="$2" '$1 == n { print $f }'; }

HELPER="$(mktemp --suffix=.py)"
trap 'rm -f "$HELPER" "$REGENERATE_COPY"' EXIT
cat > "$HELPER" <<'PY'
"""Text processing for docs/regenerate.sh (standard library only)."""
import glob, json, os, re, sys

DOCS = ["README.md", "BENCHMARKS.md"] + sorted(glob.glob("docs/*.md"))
BLOCK = re.compile(r"(<!-- generated:([a-z0-9-]+) -->\n)(.*?)(<!-- /generated -->)", re.S)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def blocks():
    """{id: [(file, body)]} of every generated block in the docs."""
    found = {}
    for path in DOCS:
        for m in BLOCK.finditer(read(path)):
            found.setdefault(m.group(2), []).append((path, m.group(3)))
    return found


def replace(block_id, body_file):
    body = read(body_file)
    if not body.endswith("\n"):
        body += "\n"
    hits = 0
    for path in DOCS:
        text = read(path)
        new, n = BLOCK.subn(lambda m: m.group(1) + body + m.group(4) if m.group(2) == block_id else m.group(0), text)
        hits += sum(1 for m in BLOCK.finditer(text) if m.group(2) == block_id)
        if new != text:
            write(path, new)
    if hits == 0:
        print("regenerate: no block <!-- generated:%s --> in the docs (output left in %s)" % (block_id, body_file),
              file=sys.stderr)


def block_date(body):
    m = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", body.split("\n", 1)[0])
    return m.group(1) if m else None


def list_blocks(names_file):
    found = blocks()
    gens = [line.split("|") for line in read(names_file).splitlines() if line.strip()]
    listed = set()
    for name, ids, kind, what in gens:
        print("%-22s %-8s %s" % (name, kind, what))
        for i in ids.split():
            listed.add(i)
            where = found.get(i, [])
            if not where:
                print("    %-32s (no block in the docs)" % i)
            for path, body in where:
                print("    %-32s %-24s %s" % (i, path, block_date(body) or "not generated yet"))
    for i in sorted(set(found) - listed):
        if i == "benchmarks-table":
            print("benchmarks-table: BENCHMARKS.md's table, rebuilt from the blocks at every run (and by --check)")
        else:
            print("block %s has no generator" % i)


def shorten_local(path):
    """Keeps the header, the first line of each kind per symbol, the last score per symbol, the first and last
    feed lines, and the end; '...' marks what was left out."""
    lines = read(path).rstrip("\n").split("\n")
    kinds = [re.match(r"\[(\w+) *\] *(\S*)", l) for l in lines]
    keep = set()
    seen = set()
    last_score, feeds = {}, []
    for i, (line, m) in enumerate(zip(lines, kinds)):
        if not m:
            keep.add(i)
            continue
        kind, sym = m.group(1), m.group(2)
        if kind == "feed":
            feeds.append(i)
            continue
        if kind == "score":
            last_score[sym] = i
        key = (kind, sym)
        if key not in seen or kind == "first":
            seen.add(key)
            keep.add(i)
        # the second training of each symbol: the first warm-started one
        if kind == "train" and ("train2", sym) not in seen and key in seen and i not in keep:
            seen.add(("train2", sym))
            keep.add(i)
    keep.update(last_score.values())
    keep.update(feeds[:1] + feeds[-2:])
    out, gap = [], False
    for i, line in enumerate(lines):
        if i in keep:
            out.append(line)
            gap = False
        elif not gap:
            out.append("...")
            gap = True
    sys.stdout.write("\n".join(out) + "\n")
    print("(%d of %d lines shown)" % (len([l for l in out if l != "..."]), len(lines)), file=sys.stderr)


def wrap_json(width=116):
    """One JSON line from stdin, printed on lines of at most `width` characters, broken after commas."""
    text = sys.stdin.read().strip()
    out, line = [], ""
    depth, in_str, esc = 0, False, False
    token = ""
    for ch in text:
        token += ch
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch == ",":
            if len(line) + len(token) > width and line:
                out.append(line)
                line = " "
            line += token
            token = ""
    line += token
    if len(line) > width and line.strip():
        out.append(line)
    else:
        out.append(line)
    sys.stdout.write("\n".join(out) + "\n")


# ---- BENCHMARKS.md's table, rebuilt from the blocks ----

def _num(pattern, text, group=1, cast=float):
    m = re.search(pattern, text, re.M)
    return cast(m.group(group).replace(",", "")) if m else None


def _json_lines(body):
    out = []
    for line in body.split("\n"):
        pass
    # JSON blocks are wrapped: join the lines between the fences
    m = re.search(r"```json\n(.*?)```", body, re.S)
    if not m:
        return out
    joined = "".join(l.strip() if i else l for i, l in enumerate(m.group(1).split("\n")))
    dec = json.JSONDecoder()
    s = joined.strip()
    while s:
        obj, end = dec.raw_decode(s)
        out.append(obj)
        s = s[end:].strip()
    return out


def _cmd(body):
    m = re.search(r"^\$ (.*)$", body, re.M)
    return m.group(1) if m else ""


def bench_rows(found):
    def body(i):
        return found.get(i, [("", "")])[0][1]

    rows = []

    def row(what, gen, block_ids, figure_fn):
        bodies = [body(i) for i in block_ids]
        dates = [block_date(b) for b in bodies]
        cmds = []
        # a JSON block's command is at the top of the text block of the same run
        for b in [body(i.replace("-json", "-text")) if i.endswith("-json") else body(i) for i in block_ids]:
            for c in re.findall(r"^\$ (.*)$", b, re.M):
                c = re.sub(r"^.*-jar target/barcast\.jar ", "barcast ", c)
                c = re.sub(r" --out \S+", "", c)
                if c not in cmds:
                    cmds.append(c)
        command = "<br>".join("`%s`" % c for c in cmds) if cmds else "(see the generator)"
        if not all(dates):
            fallback = {"bench-train": "barcast bench train --route java,builtin --epochs 3",
                        "bench-inference": "barcast bench inference", "bench-retrain": "barcast bench retrain --symbols 48",
                        "bench-pipeline": "barcast bench pipeline", "bench-latency": "barcast bench latency",
                        "bench-memory": "barcast bench memory"}
            rows.append((what, "`%s`" % fallback[gen] if gen in fallback else "(see the generator)", "not generated yet: run `docs/regenerate.sh %s`" % gen, "-", gen))
            return
        try:
            figure = figure_fn(*bodies)
        except Exception as e:  # a figure that cannot be read is a failure of the table, said in the table
            figure = "could not read the figure (%s: %s)" % (type(e).__name__, e)
        loads = [float(m.group(1)) for m in (re.search(r"load average ([\d.]+)", b.split("\n", 1)[0]) for b in bodies) if m]
        when = min(dates) + (" (load %s)" % ("%.1f" % max(loads) if len(loads) == 1 else "%.1f-%.1f" % (min(loads), max(loads)))
                             if loads else "")
        rows.append((what, command, figure, when, gen))

    def train(b):
        j = _num(r"java: median ([\d.]+) s/epoch", b)
        bi = _num(r"builtin: median ([\d.]+) s/epoch", b)
        pt = _num(r"\|\s+median ([\d.]+) s/epoch", b)
        rj = _num(r"ratio of java to the PyTorch peer measured in this run \([\d.]+ s\): ([\d.]+)x", b)
        s = "Java layer %.3f s/epoch, DL4J's layer %.3f s (%.1fx slower)" % (j, bi, bi / j)
        if pt:
            s += "; PyTorch peer %.3f s in the same run: Java %.2fx the peer" % (pt, rj)
        return s

    row("training epoch, reference configuration (LSTM 64, lookback 30, batch 32), Java layer vs DL4J's, vs PyTorch",
        "bench-train", ["bench-train"], train)

    def infer(b):
        ref, svc = b.split("service default:")[0], b.split("service default:")[1]
        return ("service default model: Java %.4f ms, DL4J `output()` %.2f ms a prediction; reference shape: "
                "Java %.4f ms" % (_num(r"Java forward\s+([\d.]+) ms", svc), _num(r"DL4J output\(\)\s+([\d.]+) ms", svc),
                                  _num(r"Java forward\s+([\d.]+) ms", ref)))

    row("one prediction (target: at most 0.5 ms)", "bench-inference", ["bench-inference"], infer)

    def retrain(b):
        one = b.split("2 thread(s)")[0]
        return ("1 thread: cold %s, warm %s, default mix (1 in 20 cold) %s jobs/s; a day's retrains within an hour "
                "for %s symbols on one thread" % (
                    _num(r"cold: .*= ([\d.]+) jobs/s", one, cast=str), _num(r"warm: .*= ([\d.]+) jobs/s", one, cast=str),
                    _num(r"\(1 cold, 19 warm\): ([\d.]+) jobs/s", one, cast=str),
                    re.search(r"within 60 min of the close: ([\d,]+) symbols warm", one).group(1)))

    row("retrain jobs per second, window 500, the service's default model", "bench-retrain", ["bench-retrain"], retrain)

    def pipeline(b):
        m = list(re.finditer(r"full pipeline / pass-through: ([\d.]+%) \(([\d,]+) vs ([\d,]+) records/s\)", b))[-1]
        return "full pipeline %s vs pass-through %s bars/s (%s), last round" % (m.group(2), m.group(3), m.group(1))

    row("backfill throughput, exactly-once, 50 symbols (target: 50% of a pass-through)", "bench-pipeline",
        ["bench-pipeline"], pipeline)

    def latency(b):
        def pp(label):
            m = re.search(re.escape(label) + r"\s+[\d,]+ predictions: p50\s+(\d+) ms, p99\s+(\d+) ms", b)
            return "p50 %s / p99 %s ms" % (m.group(1), m.group(2))
        return "exactly-once after the first 5 s %s (whole run %s); at-least-once after 5 s %s" % (
            pp("exactly_once_v2, after 5 s"), pp("exactly_once_v2, all"), pp("at_least_once, after 5 s"))

    row("bar-to-prediction latency, 10 symbols at 50 bars/s (target: p99 at most 250 ms)", "bench-latency",
        ["bench-latency"], latency)

    row("resident memory, 500 symbols with full windows and models (target: at most 1.5 GB)", "bench-memory",
        ["bench-memory"], lambda b: re.search(r"RSS after restore.*", b).group(0))

    def backtest(b):
        o = _json_lines(b)[0]
        return ("served U %.4f, raw model U %.4f (hit rate %.1f%%); %d retrains (%d warm) in %.1f s of training, "
                "walk-forward %.1f s" % (o["theilU"], o["rawModel"]["theilU"], 100 * o["rawModel"]["hitRate"],
                                         o["retrains"], o["warmRetrains"], o["trainSecondsTotal"], o["wallSeconds"]))

    row("dirty data (unadjusted splits, holes, zero volume) against the clean twins, walk-forward (targets: coverage "
        "within 2 points, score within 3%, 95% width after a split at most 1.25x, after zero volume at most 1.2x)",
        "data-quality", ["data-quality-bench"], lambda b: re.search(r"^worst of .*$", b, re.M).group(0))
    def restart(b):
        t = re.search(r"after SIGTERM .*?ready in ([\d.]+) s, next bar predicted in ([\d.]+) s", b)
        k = re.search(r"after SIGKILL .*?ready in ([\d.]+) s, next bar predicted in ([\d.]+) s", b)
        return "after SIGTERM: ready %s s, next bar predicted %s s; after SIGKILL: ready %s s, predicted %s s" % (
            t.group(1), t.group(2), k.group(1), k.group(2))

    row("restart on the same state directory, static membership (targets: 15 s after SIGTERM, 20 s after SIGKILL)",
        "restart", ["restart-times"], restart)

    def failover(b):
        return "; ".join("%s standby: %s ms" % (m.group(1), m.group(2)) for m in
                         re.finditer(r"num.standby.replicas=(\d+): .*\(slowest (\d+) ms\)", b))

    row("failover after a SIGKILL, survivor predicts every symbol's next bar (6 s session timeout, 5 s transaction timeout)",
        "restart", ["failover-times"], failover)
    row("walk-forward backtest, AAPL, defaults", "backtest-aapl", ["backtest-aapl-json"], backtest)
    row("walk-forward backtest, S&P 500, defaults", "backtest-sp500", ["backtest-sp500-json"], backtest)

    def intervals(a, s):
        def one(o):
            lv = o["intervals"]["levels"]
            return "/".join("%.1f%%" % (100 * l["methods"]["barcast"]["coverage"]) for l in lv) + \
                " (score ÷ the better of EWMA + ACI and GARCH-t + ACI " + "/".join(
                    "%.3f" % max(l["methods"][m]["barcastScoreRatio"] for m in ("ewmaAci", "garchTAci"))
                    for l in lv) + ")"
        return "AAPL %s; S&P 500 %s" % (one(_json_lines(a)[0]), one(_json_lines(s)[0]))

    def var(a, s):
        def one(o):
            b = o["risk"]["methods"]["barcast"]
            return ", ".join("%s %.1f%% (p %.2f/%.2f/%.2f)" % ({"var975": "97.5%", "var99": "99%"}[k], 100 * b[k]["rate"], b[k]["kupiecP"],
                             b[k]["independenceP"], b[k]["conditionalCoverageP"]) for k in ("var975", "var99")) + \
                ", " + b["baselZone"].lower()
        return "AAPL %s; S&P 500 %s" % (one(_json_lines(a)[0]), one(_json_lines(s)[0]))

    row("VaR exception rate, Kupiec / Christoffersen independence / conditional coverage p (target: all > 0.05)",
        "backtest-aapl backtest-sp500", ["backtest-aapl-json", "backtest-sp500-json"], var)

    row("interval coverage at 80% / 95%, walk-forward (target: score at most 0.98x the better baseline)", "backtest-aapl backtest-sp500",
        ["backtest-aapl-json", "backtest-sp500-json"], intervals)

    def warm_cold(a, s, c):
        cold = {o["symbol"]: o for o in _json_lines(c)}
        parts = []
        for w in (_json_lines(a)[0], _json_lines(s)[0]):
            k = cold[w["symbol"]]
            parts.append("%s %.1f s cold, %.1f s warm (%.1fx less), raw U %+.4f" % (
                w["symbol"], k["trainSecondsTotal"], w["trainSecondsTotal"],
                k["trainSecondsTotal"] / w["trainSecondsTotal"], w["rawModel"]["theilU"] - k["rawModel"]["theilU"]))
        return "; ".join(parts)

    row("training seconds, warm-started retrains (default) vs every retrain from scratch",
        "backtest-cold backtest-aapl backtest-sp500",
        ["backtest-aapl-json", "backtest-sp500-json", "backtest-cold"], warm_cold)

    def both(b):
        return re.search(r"^.*wall.*$", b, re.M).group(0).strip() if re.search(r"wall", b) else "see the block"

    row("both bundled series in one command, `--threads 2`", "backtest-both", ["backtest-both"],
        lambda b: "total wall time %s s" % _num(r"^\s*total.*?([\d.]+)\s*$", b, cast=str))
    return rows


def bench_table(path="BENCHMARKS.md"):
    found = blocks()
    rows = bench_rows(found)
    lines = ["| what | command | figure | date | generator |", "|---|---|---|---|---|"]
    for what, command, fig, date, gen in rows:
        lines.append("| %s | %s | %s | %s | %s |" % (what, command, fig.replace("|", "\\|"), date,
                                                    " ".join("`%s`" % g for g in gen.split())))
    body = ("*Rebuilt by `docs/regenerate.sh` from the blocks below at every run; each row's date and load average "
            "(1 min, when its command started) are its blocks'.*\n\n") \
        + "\n".join(lines) + "\n"
    tmp = path + ".table"
    write(tmp, body)
    replace("benchmarks-table", tmp)
    os.remove(tmp)


# ---- links ----

def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[`*]", "", s)
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def anchors(path):
    text = re.sub(r"```.*?```", "", read(path), flags=re.S)
    out, counts = set(), {}
    for m in re.finditer(r"^#{1,6} (.*)$", text, re.M):
        a = slug(m.group(1))
        n = counts.get(a, 0)
        counts[a] = n + 1
        out.add(a if n == 0 else "%s-%d" % (a, n))
    return out


def check_links():
    bad = 0
    for path in DOCS:
        text = re.sub(r"```.*?```", "", read(path), flags=re.S)
        text = re.sub(r"`[^`\n]*`", "", text)
        for m in re.finditer(r"\]\(([^)\s]+)\)", text):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(dest):
                print("%s: link to %s: no such file" % (path, target))
                bad += 1
            elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                print("%s: link to %s: no heading with anchor #%s" % (path, target, anchor))
                bad += 1
    print("links: %d broken" % bad if bad else "links: every relative link and anchor resolves")
    return bad


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "replace":
        replace(sys.argv[2], sys.argv[3])
    elif cmd == "list":
        list_blocks(sys.argv[2])
    elif cmd == "shorten-local":
        shorten_local(sys.argv[2])
    elif cmd == "wrap-json":
        wrap_json()
    elif cmd == "bench-table":
        bench_table()
    elif cmd == "check-links":
        sys.exit(1 if check_links() else 0)
    else:
        sys.exit("unknown helper command " + cmd)
PY

helper() { "$PY" "$HELPER" "$@"; }

# A block: the header line, then the command and its output in a fence. block ID GENERATOR LANG COMMAND OUTFILE [NOTE]
block() {
  local id="$1" gen="$2" lang="$3" cmd="$4" out="$5" note="${6:-}" body="$SCRATCH/$1.block"
  {
    printf '*Produced by `docs/regenerate.sh %s` on %s (code at %s; load average %s when it started).%s*\n\n' \
      "$gen" "$DATE" "$COMMIT" "${LOAD_AT_START:-?}" "${note:+ $note}"
    printf '```%s\n' "$lang"
    if [ -n "$cmd" ]; then printf '$ %s\n' "$cmd"; fi
    cat "$out"
    printf '```\n'
  } > "$body"
  helper replace "$id" "$body"
  echo "  wrote block $id"
}

build_jar() {
  if [ ! -f target/barcast.jar ] || [ -n "$(find src pom.xml -newer target/barcast.jar -print -quit)" ]; then
    echo "Building target/barcast.jar (mvn -q -B package -DskipTests)"
    mvn -q -B package -DskipTests
  fi
}

# The stderr of a command without its progress bars and the incubator-module warning.
clean_err() { tr '\r' '\n' < "$1" | grep -v -E '^backtest .*\[[#-]+\]|^WARNING: Using incubator modules' | grep -v '^\s*$' || true; }

J="java --add-modules jdk.incubator.vector -Xmx1g -jar target/barcast.jar"
SHOWN_J="OMP_NUM_THREADS=1 $J"

# ---- generators ----

gen_machine() {
  local f="$SCRATCH/machine.txt"
  {
    echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(getconf _NPROCESSORS_ONLN) cores;" \
      "vector extensions: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|fma)$' | tr '\n' ' ')"
    echo "memory:  $(free -g | awk '/^Mem:/ { print $2 }') GiB"
    echo "os:      $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "java:    $(java -version 2>&1 | sed -n 1p)"
    echo "maven:   $(mvn -version 2>/dev/null | sed -n 1p | sed 's/\x1b\[[0-9;]*m//g')"
    echo "libs:    DL4J/ND4J $(sed -n 's:.*<dl4j.version>\(.*\)</dl4j.version>.*:\1:p' pom.xml)," \
      "Kafka $(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml) (in-JVM KRaft broker)"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) when this block was written"
  } > "$f"
  block machine machine text "" "$f"
}

# backtest NAME ARGS...: runs one backtest with --json, text and JSON blocks from the same run.
run_backtest() {
  local name="$1"; shift
  local out="$SCRATCH/$name"
  rm -rf "$out" "backtest-out/$name"
  mkdir -p "$out"
  echo "  running: backtest $* --out backtest-out/$name"
  local rc=0
  $J backtest "$@" --out "backtest-out/$name" > "$out/stdout" 2> "$out/stderr" || rc=$?
  clean_err "$out/stderr" > "$out/stderr.clean"
  return $rc
}

backtest_pair() {
  local gen="$1" sym="$2"; shift 2
  run_backtest "$gen" "$@"
  local out="$SCRATCH/$gen"
  { cat "$out/stderr.clean"; sed '$d' "$out/stdout" | sed '/^$/d'; } > "$out/text"
  tail -n 1 "$out/stdout" | helper wrap-json > "$out/json"
  block "$gen-text" "$gen" text "$SHOWN_J backtest $* --out backtest-out/$gen" "$out/text"
  block "$gen-json" "$gen" json "" "$out/json"
}

gen_backtest_aapl() {
  backtest_pair backtest-aapl AAPL --csv aapl --json
  # README's copy: the same run without its value-at-risk table (the whole text is in docs/backtest.md)
  local out="$SCRATCH/backtest-aapl"
  awk '/^  value at risk and expected shortfall/ { skip = 1; print "  (value at risk and expected shortfall: docs/backtest.md)"; next }
       skip && /^Wrote / { skip = 0 } !skip' "$out/text" > "$out/summary"
  block backtest-aapl-summary backtest-aapl text "$SHOWN_J backtest --csv aapl --json --out backtest-out/backtest-aapl" "$out/summary"
  cp backtest-out/backtest-aapl/backtest.png docs/backtest-aapl.png && echo "  wrote docs/backtest-aapl.png"
}

gen_backtest_sp500() { backtest_pair backtest-sp500 SPX --csv sp500 --json; }

gen_backtest_both() {
  local out="$SCRATCH/backtest-both"
  run_backtest backtest-both --csv aapl --csv sp500 --threads 2
  { cat "$out/stderr.clean"; sed '/^$/d' "$out/stdout"; } > "$out/text"
  block backtest-both backtest-both text "$SHOWN_J backtest --csv aapl --csv sp500 --threads 2 --out backtest-out/backtest-both" "$out/text"
}

gen_backtest_cold() {
  local out="$SCRATCH/backtest-cold"
  mkdir -p "$out"
  : > "$out/json"
  for set in aapl sp500; do
    run_backtest "backtest-cold-$set" --csv "$set" --no-warm-start --json
    tail -n 1 "$SCRATCH/backtest-cold-$set/stdout" | helper wrap-json >> "$out/json"
  done
  {
    printf '$ %s\n$ %s\n' "$SHOWN_J backtest --csv aapl --no-warm-start --json --out backtest-out/backtest-cold-aapl" \
      "$SHOWN_J backtest --csv sp500 --no-warm-start --json --out backtest-out/backtest-cold-sp500"
    echo '```'
    echo
    echo 'The JSON line of each (wrapped here):'
    echo
    echo '```json'
    cat "$out/json"
  } > "$out/text"
  block backtest-cold backtest-cold text "" "$out/text"
}

tutorial() {
  local gen="$1"; shift
  local out="$SCRATCH/$gen"
  run_backtest "$gen" --config config/seed-csi300.properties --csv aapl --bars 600 "$@"
  {
    cat "$out/stderr.clean"; sed '/^$/d' "$out/stdout"
    echo
    echo "backtest-out/$gen/retrains.csv, the loss columns left out:"
    cut -d, -f1-11,14 "backtest-out/$gen/retrains.csv"
  } > "$out/text"
  block "$gen" "$gen" text "$SHOWN_J backtest --config config/seed-csi300.properties --csv aapl --bars 600${*:+ $*} --out backtest-out/$gen" "$out/text"
}

gen_backtest_tutorial() {
  tutorial backtest-tutorial
  cp backtest-out/backtest-tutorial/backtest.png docs/backtest-aapl-seed-csi300.png && echo "  wrote docs/backtest-aapl-seed-csi300.png"
}

gen_backtest_tutorial_cold() { tutorial backtest-tutorial-cold --no-warm-start; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

gen_local() {
  local out="$SCRATCH/local" args=(local --max-seconds 120)
  mkdir -p "$out"
  port_free 8080 || { echo "  port 8080 is taken: --http-port 0"; args+=(--http-port 0); }
  echo "  running: ${args[*]} (about 2 minutes)"
  $J "${args[@]}" > "$out/raw" 2>&1
  helper shorten-local "$out/raw" > "$out/text"
  block local local text "mvn -q -B package -DskipTests && $SHOWN_J ${args[*]}" "$out/text"
}

gen_records() {
  local out="$SCRATCH/records"
  mkdir -p "$out"
  if ! "$KAFKA_PY" -c 'import confluent_kafka' 2>/dev/null; then
    echo "records: $KAFKA_PY has no confluent_kafka (apt-get install -y python3-confluent-kafka)" >&2
    return 1
  fi
  echo "  running: local --csv aapl --rate 50 --http-port 0 --max-seconds 150, read back by $KAFKA_PY"
  "$KAFKA_PY" - "$out" $J local --csv aapl --rate 50 --http-port 0 --max-seconds 150 <<'PY' || return 1
"""Runs `local`, produces one bad bar, reads one record of each topic back (read_committed) and one HTTP answer."""
import json, re, signal, subprocess, sys, time, urllib.request
from confluent_kafka import Consumer, Producer, TopicPartition

out, cmd = sys.argv[1], sys.argv[2:]
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
bootstrap = http = None
log = open(out + "/local.log", "w")
deadline = time.time() + 140
finished_at = None
for line in proc.stdout:
    log.write(line)
    m = re.search(r"Kafka broker .* at (\S+),", line)
    if m:
        bootstrap = m.group(1)
    m = re.search(r"Live page:\s+(http://\S+?)/?$", line.strip())
    if m:
        http = m.group(1)
    if "replay finished" in line:
        break
    if time.time() > deadline:
        sys.exit("records: the replay did not finish in time")
if not bootstrap:
    sys.exit("records: local printed no broker address")
time.sleep(8)  # the last retrains hand back; the stream stays idle
http_answer = urllib.request.urlopen(http + "/predictions/AAPL", timeout=10).read().decode()

bad = {"symbol": "BAD", "date": "2018-05-11", "open": 100.0, "high": 101.0, "low": 99.0, "close": -101.5, "volume": 1000}
# murmur2_random: Java's partitioner, so that AAPL's bar reaches the partition that holds AAPL (docs/topics.md)
p = Producer({"bootstrap.servers": bootstrap, "log_level": 0, "partitioner": "murmur2_random"})
p.produce("bars", key=b"BAD", value=json.dumps(bad, separators=(",", ":")).encode())
p.flush(10)
time.sleep(2)
# AAPL's next bar as an unadjusted feed would send a 2-for-1 split: a data-quality record (SUSPECTED_SPLIT)
split = {"symbol": "AAPL", "date": "2018-05-14", "open": 94.97, "high": 95.43, "low": 94.21, "close": 94.40,
         "volume": 41300000}
p.produce("bars", key=b"AAPL", value=json.dumps(split, separators=(",", ":")).encode())
p.flush(10)
del p
time.sleep(4)


def read_all(topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "regenerate-docs-%s-%d" % (topic, time.time()),
                  "isolation.level": "read_committed", "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "log_level": 0})
    md = c.list_topics(topic, timeout=10).topics[topic]
    parts = [TopicPartition(topic, p, 0) for p in md.partitions]
    ends = {tp.partition: c.get_watermark_offsets(tp, timeout=10)[1] for tp in parts}
    c.assign(parts)
    recs, until = [], time.time() + 30
    done = {p for p, e in ends.items() if e == 0}
    while len(done) < len(ends) and time.time() < until:
        msg = c.poll(1.0)
        if msg is None or msg.error():
            continue
        recs.append(msg)
        if msg.offset() + 1 >= ends[msg.partition()] - 1:  # commit markers take an offset
            done.add(msg.partition())
    c.close()
    return recs

def last(recs, pred):
    chosen = [r for r in recs if pred(r)]
    return chosen[-1] if chosen else None

def value(r):
    return r.value().decode("utf-8")

picked = {}
bars = read_all("bars")
def on(field, date):  # the records of the last bundled bar, not of the split bar produced above
    return lambda r: r.key() == b"AAPL" and json.loads(value(r)).get(field) == date

picked["record-bars"] = last(bars, on("date", "2018-05-11"))
picked["record-predictions"] = last(read_all("predictions"), on("asOf", "2018-05-11"))
picked["record-prediction-outcomes"] = last(read_all("prediction-outcomes"), on("targetDate", "2018-05-11"))
picked["record-training-loss"] = last(read_all("training-loss"), lambda r: r.key() == b"AAPL")
picked["record-bars-rejected"] = last(read_all("bars-rejected"), lambda r: r.key() == b"BAD")
picked["record-data-quality"] = last(read_all("data-quality"), lambda r: r.key() == b"AAPL")
for name, r in picked.items():
    if r is None:
        sys.exit("records: no record for " + name)
    with open("%s/%s.json" % (out, name), "w") as f:
        f.write(value(r) + "\n")
    with open("%s/%s.meta" % (out, name), "w") as f:
        headers = "; ".join("%s=%s" % (k, v.decode()) for k, v in (r.headers() or []))
        f.write("topic %s, partition %d, offset %d, key %s%s\n" % (
            r.topic(), r.partition(), r.offset(), r.key().decode(), (", headers " + headers) if headers else ""))
with open(out + "/http-prediction.json", "w") as f:
    f.write(http_answer.strip() + "\n")
with open(out + "/http-prediction.meta", "w") as f:
    f.write("GET %s/predictions/AAPL\n" % http)
proc.send_signal(signal.SIGTERM)  # SIGINT is ignored by a background job of a script
for line in proc.stdout:
    log.write(line)
proc.wait(60)
PY
  local name
  for name in record-bars record-predictions record-prediction-outcomes record-training-loss record-bars-rejected record-data-quality http-prediction; do
    helper wrap-json < "$out/$name.json" > "$out/$name.text"
    block "$name" records json "" "$out/$name.text" "$(sed 's/^/Read back: /; s/$/./' "$out/$name.meta")"
  done
}

bench() {
  local gen="$1"; shift
  local out="$SCRATCH/$gen"
  mkdir -p "$out"
  echo "  running: bench $*"
  java --add-modules jdk.incubator.vector -Xmx1500m -jar target/barcast.jar bench "$@" > "$out/raw" 2> "$out/err"
  # the service's and the broker's log lines (pipeline, latency and memory run a service) are left out
  { clean_err "$out/err" | grep -v -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} |^\s+at |^Caused by:' || true; cat "$out/raw"; } \
    | grep -v '^\s*$' > "$out/text"
  block "$gen" "$gen" text "OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx1500m -jar target/barcast.jar bench $*" "$out/text"
}

gen_bench_inference() { bench bench-inference inference; }
gen_bench_retrain() { bench bench-retrain retrain --symbols 48; }
gen_bench_train() {
  /usr/bin/python3 -c 'import torch' 2>/dev/null \
    || { echo "bench-train: /usr/bin/python3 has no torch (apt-get install -y python3-torch libopenblas0-pthread)" >&2; return 1; }
  bench bench-train train --route java,builtin --epochs 3
}
gen_bench_pipeline() { bench bench-pipeline pipeline; }
gen_bench_latency() { bench bench-latency latency; }
gen_bench_memory() { bench bench-memory memory; }
gen_restart() {
  local out="$SCRATCH/restart"
  mkdir -p "$out"
  echo "  running: mvn -B -o test -Dtest=RestartIntegrationTest,FailoverTest (about 4 minutes)"
  mvn -B -o test -Dtest=RestartIntegrationTest,FailoverTest -Dsurefire.failIfNoSpecifiedTests=false > "$out/raw" 2>&1 \
    || { tail -40 "$out/raw" >&2; return 1; }
  grep -o 'restart after .*' "$out/raw" > "$out/restart"
  grep -o 'Failover with .*' "$out/raw" > "$out/failover"
  block restart-times restart text "mvn -B test -Dtest=RestartIntegrationTest" "$out/restart"
  block failover-times restart text "mvn -B test -Dtest=FailoverTest" "$out/failover"
}

gen_data_quality() {
  local out="$SCRATCH/data-quality"
  mkdir -p "$out"
  echo "  running: src/bench/data-quality-bench.py (about 4 minutes)"
  $PY src/bench/data-quality-bench.py --jar target/barcast.jar --work "$out/work" > "$out/text"
  block data-quality-bench data-quality text "python3 src/bench/data-quality-bench.py" "$out/text"
}

# ---- the command line ----

selected=()
failed=()
mode=run
for arg in "$@"; do
  case "$arg" in
    --list) mode=list ;;
    --check) mode=check ;;
    --all) while IFS='|' read -r name _; do selected+=("$name"); done < <(generators) ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "regenerate: unknown option $arg (--list, --all, --check)" >&2; exit 2 ;;
    *)
      name="$(generators | awk -F'|' -v a="$arg" '$1 == a { print $1; exit } { n = split($2, ids, " "); for (i = 1; i <= n; i++) if (ids[i] == a) { print $1; exit } }')"
      [ -n "$name" ] || { echo "regenerate: no generator or block named $arg (docs/regenerate.sh --list)" >&2; exit 2; }
      selected+=("$name") ;;
  esac
done

if [ "$mode" = list ]; then
  generators > "$SCRATCH.list" 2>/dev/null || { mkdir -p target; generators > "$SCRATCH.list"; }
  helper list "$SCRATCH.list"
  rm -f "$SCRATCH.list"
  exit 0
fi

if [ "$mode" = run ]; then
  if [ "${#selected[@]}" -eq 0 ]; then
    while IFS='|' read -r name _ kind _; do [ "$kind" = default ] && selected+=("$name"); done < <(generators)
  fi
  mkdir -p "$SCRATCH"
  build_jar
  failed=()
  declare -A done_gen=()
  for name in "${selected[@]}"; do
    [ -z "${done_gen[$name]:-}" ] || continue
    done_gen[$name]=1
    echo "== $name: $(gen_field "$name" 4)"
    start=$SECONDS
    LOAD_AT_START="$(cut -d' ' -f1 /proc/loadavg)"
    if ! "gen_${name//-/_}"; then
      echo "== $name FAILED: its blocks keep their previous content" >&2
      failed+=("$name")
    fi
    echo "   ($((SECONDS - start)) s)"
  done
fi

helper bench-table
helper check-links || exit 1
if [ "${#failed[@]}" -gt 0 ]; then
  echo "regenerate: failed: ${failed[*]}" >&2
  exit 1
fi
