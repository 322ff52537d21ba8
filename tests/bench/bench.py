#!/usr/bin/env python3
"""make bench: benefitroll's full run against the parse floor and two SQL peers (issue 7).

Generates synthetic rolls with `benefitroll sample` at N/2, N and 2N households (cached under
WORK/rolls/), then at each size runs every contender RUNS times, round robin (benefitroll, wc,
floor, DuckDB, sqlite3, then again), each under /usr/bin/time for wall seconds and peak RSS.
benefitroll is timed with --jobs 2; one more run with --jobs 1 is compared with it byte for
byte, and that month folder is audited once (benefitroll audit). Prints the medians, the ratios, memory per person, how the cost grows and a PASS/FAIL line
per target of the issue, and writes the same into WORK/results.md. See tests/bench/README.md.

Exit status: 0 when every contender ran and gave a consistent answer (a missed performance
target is a FAIL line, not an error, unless --strict); 1 when a contender failed, the two peers
disagree or the --jobs 1 and --jobs 2 month folders differ; 2 on a usage error.
Standard library only.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DUCKDB_PACKAGE = "@duckdb/node-api@1.5.6-r.1"
# The month benched: the peers' rule.sql holds the standards of rules/erdao-2020.toml for it.
MONTH = "2020-09"

# The targets, at N (2,000,000 households by default).
TARGET_VS_DUCKDB = 1.0      # benefitroll / DuckDB
TARGET_VS_SQLITE = 5.0      # sqlite3 / benefitroll
TARGET_VS_FLOOR = 2.5       # benefitroll / parse floor
TARGET_PEAK_MIB = 512       # benefitroll's peak RSS
TARGET_GROWTH = 2.1         # time at 2N / time at N
TARGET_SIZE = 2_000_000     # the size the targets are set for


def log(message):
    print(message, file=sys.stderr, flush=True)


def fmt_int(value):
    return f"{value:,}"


class Measure:
    """One timed run: wall seconds and peak RSS in KiB, or an error."""

    def __init__(self, seconds=None, kib=None, output="", error=None):
        self.seconds, self.kib, self.output, self.error = seconds, kib, output, error


def timed(command, cwd=None, env=None, timeout=None):
    """Runs command under /usr/bin/time -f '%e %M'; returns a Measure. The wall time is taken
    here too, around the whole of it (time's %e has only two decimals, too coarse for wc on a
    small roll); the two agree to a few milliseconds. On timeout the whole process group is
    killed, so no contender is left running."""
    with tempfile.NamedTemporaryFile("r", prefix="bench-time-", suffix=".txt") as tfile:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tfile.name] + command
        begin = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
            wall = time.perf_counter() - begin
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return Measure(error=f"timed out after {timeout} s")
        lines = [line for line in open(tfile.name).read().splitlines() if line.strip()]
    try:
        _, kib = lines[-1].split()
        measure = Measure(wall, int(kib), stdout)
    except (IndexError, ValueError):
        measure = Measure(error="no timing from /usr/bin/time")
    if proc.returncode != 0:
        detail = (stderr.strip().splitlines() or [""])[-1]
        signal_line = next((l for l in lines if l.startswith("Command terminated")), "")
        measure.error = f"exit {proc.returncode} {signal_line} {detail}".strip()
    return measure


def count_lines(path):
    count = 0
    with open(path, "rb") as handle:
        while True:
            block = handle.read(1 << 24)
            if not block:
                return count
            count += block.count(b"\n")


def make_roll(args, households):
    """The roll of that size and seed, generated once and kept under WORK/rolls/."""
    name = f"{MONTH}-h{households}-s{args.seed}"
    roll = os.path.join(args.work, "rolls", name)
    meta_path = os.path.join(roll, "roll.json")
    if os.path.exists(meta_path):
        with open(meta_path) as handle:
            return roll, json.load(handle)
    log(f"bench: generating {fmt_int(households)} households into {roll}")
    tmp = roll + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(roll, ignore_errors=True)
    os.makedirs(os.path.dirname(roll), exist_ok=True)
    subprocess.run([args.benefitroll, "sample", "--month", MONTH, "--households",
                    str(households), "--out", tmp, "--seed", str(args.seed)],
                   check=True, stdout=subprocess.DEVNULL)
    meta = {"households": count_lines(os.path.join(tmp, "households.csv")) - 1,
            "members": count_lines(os.path.join(tmp, "members.csv")) - 1,
            "bytes": sum(os.path.getsize(os.path.join(tmp, f))
                         for f in ("households.csv", "members.csv"))}
    with open(os.path.join(tmp, "roll.json"), "w") as handle:
        json.dump(meta, handle)
    os.rename(tmp, roll)
    return roll, meta


def install_duckdb(args):
    """NODE_PATH for @duckdb/node-api, installed with npm into a local folder; or None, with
    the reason logged, when node or npm or the registry is not there."""
    if args.no_duckdb:
        return None, "skipped (--no-duckdb)"
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "skipped: node or npm is not installed"
    modules = os.path.join(args.npm_dir, "node_modules")
    env = dict(os.environ, NODE_PATH=modules)
    probe = [node, "-e", "require('@duckdb/node-api')"]
    if subprocess.run(probe, env=env, capture_output=True).returncode != 0:
        log(f"bench: installing {DUCKDB_PACKAGE} into {args.npm_dir} (npm registry)")
        os.makedirs(args.npm_dir, exist_ok=True)
        try:
            proc = subprocess.run([npm, "install", "--prefix", args.npm_dir, "--no-audit",
                                   "--no-fund", "--loglevel=error", "--fetch-retries=1",
                                   "--fetch-timeout=15000", DUCKDB_PACKAGE],
                                  capture_output=True, text=True, timeout=args.npm_timeout)
            failed = proc.returncode != 0
            said = [line for line in proc.stderr.splitlines()
                    if line.startswith("npm error") and "complete log" not in line]
            reason = " ".join(said[:2]) or f"npm exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            failed, reason = True, f"npm install took over {args.npm_timeout} s"
        if failed or subprocess.run(probe, env=env, capture_output=True).returncode != 0:
            return None, f"skipped: could not install {DUCKDB_PACKAGE} ({reason})"
    version = subprocess.run([node, "-p", "require('@duckdb/node-api').version()"], env=env,
                             capture_output=True, text=True).stdout.strip()
    return env, f"DuckDB {version} (@duckdb/node-api, {args.duckdb_threads} threads)"


def sqlite_label(args):
    if args.no_sqlite:
        return None, "skipped (--no-sqlite)"
    if not shutil.which("sqlite3"):
        return None, "skipped: sqlite3 is not installed (apt-get install sqlite3)"
    version = subprocess.run(["sqlite3", "--version"], capture_output=True,
                             text=True).stdout.split()[0]
    return True, f"sqlite3 {version} (.import --csv, in memory)"


def available_mib():
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def run_benefitroll(args, roll, out, jobs):
    shutil.rmtree(out, ignore_errors=True)
    return timed([args.benefitroll, "run", "--month", MONTH, "--rules", args.rules,
                  "--input", roll, "--out", out, "--quiet", "--force", "--jobs", str(jobs)],
                 timeout=args.timeout)


def audit_benefitroll(args, month_folder, work):
    """benefitroll audit of one month folder, as an auditor runs it: integrity, the month
    computed again and compared, the checks of its ledgers. The archive is a folder holding a
    link named after the month. A clean month must audit clean (exit 0)."""
    archive, report = os.path.join(work, "archive"), os.path.join(work, "audit")
    shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(report, ignore_errors=True)
    os.makedirs(archive)
    os.symlink(os.path.abspath(month_folder), os.path.join(archive, MONTH))
    measure = timed([args.benefitroll, "audit", "--archive", archive, "--from", MONTH,
                     "--to", MONTH, "--out", report, "--quiet"], timeout=args.timeout)
    shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(report, ignore_errors=True)
    return measure


def same_folders(left, right):
    proc = subprocess.run(["diff", "-r", "-q", left, right], capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout.strip()


def median(measures, field):
    values = [getattr(m, field) for m in measures if m.error is None]
    return statistics.median(values) if values else None


def cell(measures):
    if not measures:
        return "—"
    errors = [m.error for m in measures if m.error]
    seconds, kib = median(measures, "seconds"), median(measures, "kib")
    if seconds is None:
        return "failed"
    text = f"{seconds:.2f} s / {kib / 1024:,.0f} MiB"
    return text + (f" ({len(errors)} failed)" if errors else "")


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(ok, label, detail):
    if ok is None:
        return f"SKIP  {label}: {detail}"
    return f"{'PASS' if ok else 'FAIL'}  {label}: {detail}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="build folder with benefitroll and bench_floor")
    parser.add_argument("--households", type=int, default=TARGET_SIZE, help="N (default 2,000,000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per contender and size")
    parser.add_argument("--seed", type=int, default=20200901)
    parser.add_argument("--rules", default=os.path.join(ROOT, "rules", "erdao-2020.toml"))
    parser.add_argument("--work", help="rolls, outputs and results.md (default BUILD/bench)")
    parser.add_argument("--npm-dir", help="where npm installs DuckDB (default BUILD/bench/npm)")
    parser.add_argument("--npm-timeout", type=int, default=180, help="seconds for npm install")
    parser.add_argument("--duckdb-threads", type=int, default=2)
    parser.add_argument("--no-duckdb", action="store_true", help="leave DuckDB out")
    parser.add_argument("--no-sqlite", action="store_true", help="leave sqlite3 out")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per timed run")
    parser.add_argument("--memory-margin", type=float, default=0.8,
                        help="skip a benefitroll size whose projected peak exceeds this share "
                             "of the memory available (the machine is shared)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any FAIL line too")
    args = parser.parse_args()
    if args.households < 2 or args.runs < 1:
        parser.error("--households must be at least 2 and --runs at least 1")
    args.build = os.path.abspath(args.build)
    args.work = os.path.abspath(args.work or os.path.join(args.build, "bench"))
    args.npm_dir = os.path.abspath(args.npm_dir or os.path.join(args.build, "bench", "npm"))
    args.rules = os.path.abspath(args.rules)
    args.benefitroll = os.path.join(args.build, "benefitroll")
    floor = os.path.join(args.build, "bench_floor")
    write_floor = os.path.join(args.build, "bench_write_floor")
    for program in (args.benefitroll, floor, write_floor, "/usr/bin/time"):
        if not os.access(program, os.X_OK):
            log(f"bench: {program} is missing (make bench builds benefitroll, bench_floor and "
                "bench_write_floor; /usr/bin/time is Debian's package time)")
            return 2
    os.makedirs(args.work, exist_ok=True)

    n = args.households
    sizes = sorted({max(1, n // 2), n, 2 * n})
    rolls = {size: make_roll(args, size) for size in sizes}
    duckdb_env, duckdb_label = install_duckdb(args)
    sqlite_ok, sqlite_text = sqlite_label(args)
    for label, ok in ((duckdb_label, duckdb_env), (sqlite_text, sqlite_ok)):
        if not ok:
            log(f"bench: {label}")

    contenders = [
        ("benefitroll", "benefitroll run (--jobs 2)"),
        ("wc", "wc -l"),
        ("floor", "parse floor (fast-cpp-csv-parser)"),
        ("write", "write floor (the run's files written again and hashed)"),
        ("duckdb", duckdb_label if duckdb_env else "DuckDB: skipped"),
        ("sqlite3", sqlite_text if sqlite_ok else "sqlite3: skipped"),
    ]
    once = [("jobs1", "benefitroll run --jobs 1 (1 run)"),
            ("audit", "benefitroll audit of that month folder (1 run)")]
    results = {key: {size: [] for size in sizes} for key, _ in contenders + once}
    answers = {key: {} for key in ("duckdb", "sqlite3")}
    identical = {}
    written = {}  # bytes of the month folder, from the write floor
    skipped = {}
    errors = []
    out_dir = os.path.join(args.work, "out")
    os.makedirs(out_dir, exist_ok=True)
    started = time.time()
    load = os.getloadavg()

    measured = None  # (member rows, peak KiB) of benefitroll at the last size it ran at
    audited = None  # the same of benefitroll audit
    for size in sizes:
        roll, meta = rolls[size]
        out2 = os.path.join(out_dir, f"h{size}-jobs2")
        out1 = os.path.join(out_dir, f"h{size}-jobs1")
        run_ours = True
        avail = available_mib()
        if measured is not None and avail:
            projected = measured[1] / 1024 * meta["members"] / measured[0]
            if projected > args.memory_margin * avail:
                run_ours = False
                skipped[size] = (f"projected peak {projected:,.0f} MiB > "
                                 f"{args.memory_margin:.0%} of the {avail:,} MiB available")
                log(f"bench: benefitroll at {fmt_int(size)} households skipped: {skipped[size]}")
        for run in range(1, args.runs + 1):
            for key, label in contenders:
                if key == "benefitroll":
                    if not run_ours:
                        continue
                    measure = run_benefitroll(args, roll, out2, 2)
                elif key == "wc":
                    measure = timed(["wc", "-l", "households.csv", "members.csv"], cwd=roll)
                elif key == "floor":
                    measure = timed([floor, roll], timeout=args.timeout)
                elif key == "write":
                    # The files benefitroll has just written at this size, written again.
                    if not os.path.isdir(out2):
                        continue
                    copy = os.path.join(out_dir, f"h{size}-write")
                    shutil.rmtree(copy, ignore_errors=True)
                    measure = timed([write_floor, out2, copy], timeout=args.timeout)
                    shutil.rmtree(copy, ignore_errors=True)
                    if measure.error is None:
                        written[size] = int(measure.output.split()[3])
                elif key == "duckdb":
                    if not duckdb_env:
                        continue
                    measure = timed(["node", os.path.join(HERE, "duckdb.cjs"), roll,
                                     str(args.duckdb_threads)], env=duckdb_env,
                                    timeout=args.timeout)
                else:
                    if not sqlite_ok:
                        continue
                    measure = timed(["bash", os.path.join(HERE, "sqlite3.sh"), roll],
                                    timeout=args.timeout)
                results[key][size].append(measure)
                shown = (f"{measure.seconds:.2f} s {measure.kib / 1024:,.0f} MiB"
                         if measure.error is None else f"FAILED: {measure.error}")
                log(f"bench: {fmt_int(size)} households, run {run}/{args.runs}, {key}: {shown}")
                if measure.error:
                    errors.append(f"{key} at {fmt_int(size)} households: {measure.error}")
                elif key in answers:
                    answers[key].setdefault(size, measure.output.strip())
        if run_ours:
            measure = run_benefitroll(args, roll, out1, 1)
            results["jobs1"][size].append(measure)
            log(f"bench: {fmt_int(size)} households, benefitroll --jobs 1: "
                + (f"{measure.seconds:.2f} s" if measure.error is None
                   else f"FAILED: {measure.error}"))
            last2 = results["benefitroll"][size][-1:]
            if measure.error is None and last2 and last2[0].error is None:
                same, detail = same_folders(out1, out2)
                identical[size] = same
                if not same:
                    errors.append(f"--jobs 1 and --jobs 2 differ at {fmt_int(size)} households: "
                                  + detail.replace("\n", "; ")[:500])
            elif measure.error:
                errors.append(f"benefitroll --jobs 1 at {fmt_int(size)} households: "
                              f"{measure.error}")
            # The audit of the --jobs 1 month folder, when the memory it is projected to
            # need (from the last size audited) is there.
            projected = (audited[1] / 1024 * meta["members"] / audited[0]
                         if audited is not None and avail else 0)
            if measure.error is None and projected > args.memory_margin * avail:
                log(f"bench: audit at {fmt_int(size)} households skipped: projected peak "
                    f"{projected:,.0f} MiB")
            elif measure.error is None:
                measure = audit_benefitroll(args, out1, out_dir)
                results["audit"][size].append(measure)
                log(f"bench: {fmt_int(size)} households, benefitroll audit: "
                    + (f"{measure.seconds:.2f} s {measure.kib / 1024:,.0f} MiB"
                       if measure.error is None else f"FAILED: {measure.error}"))
                if measure.error:
                    errors.append(f"benefitroll audit at {fmt_int(size)} households: "
                                  f"{measure.error}")
                else:
                    audited = (meta["members"], measure.kib)
        shutil.rmtree(out1, ignore_errors=True)
        shutil.rmtree(out2, ignore_errors=True)
        peak = median(results["benefitroll"][size] + results["jobs1"][size], "kib")
        if peak:
            measured = (meta["members"], peak)

    for size in sizes:
        duck, lite = answers["duckdb"].get(size), answers["sqlite3"].get(size)
        if duck and lite and duck != lite:
            errors.append(f"DuckDB and sqlite3 disagree at {fmt_int(size)} households: "
                          f"'{duck}' vs '{lite}'")

    # The report.
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    lines = []
    lines.append(f"## make bench: {fmt_int(n)} households")
    lines.append("")
    lines.append(f"benefitroll {commit}, month {MONTH}, seed {args.seed}, {args.runs} "
                 f"run(s) per contender and size, round robin; {os.cpu_count()} cores, load "
                 f"average {load[0]:.2f} at the start ({platform.node()}); "
                 f"{(time.time() - started) / 60:.1f} min in all.")
    lines.append("Medians of wall time (taken around each run) / peak RSS (GNU time `%M`).")
    lines.append("")
    lines.append("| | " + " | ".join(fmt_int(s) for s in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    lines.append("| member rows | " + " | ".join(fmt_int(rolls[s][1]["members"]) for s in sizes)
                 + " |")
    lines.append("| CSV size (both files) | "
                 + " | ".join(f"{rolls[s][1]['bytes'] / 1e6:,.{0 if rolls[s][1]['bytes'] >= 1e7 else 1}f} MB" for s in sizes) + " |")
    for key, label in contenders + once:
        row = []
        for size in sizes:
            if key in ("benefitroll", "jobs1", "audit") and size in skipped:
                row.append("skipped")
            else:
                row.append(cell(results[key][size]))
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    per_person = []
    for size in sizes:
        kib = median(results["benefitroll"][size], "kib")
        per_person.append(f"{kib * 1024 / rolls[size][1]['members']:,.0f}" if kib else "—")
    lines.append("| benefitroll peak bytes per member row | " + " | ".join(per_person) + " |")
    lines.append("| bytes benefitroll writes (the month folder) | "
                 + " | ".join(f"{written[s] / 1e6:,.0f} MB" if s in written else "—"
                              for s in sizes) + " |")
    def answer(text):
        try:
            count, fen = (int(x) for x in text.split())
        except (AttributeError, ValueError):
            return "—"
        return f"{fmt_int(count)} lines, {fen // 100:,}.{fen % 100:02d} yuan"

    for key, label in (("duckdb", "DuckDB's answer"), ("sqlite3", "sqlite3's answer")):
        if any(answers[key].values()):
            lines.append(f"| {label} | "
                         + " | ".join(answer(answers[key].get(s)) for s in sizes) + " |")
    lines.append("")

    t = {size: median(results["benefitroll"][size], "seconds") for size in sizes}
    m = {size: median(results["benefitroll"][size], "kib") for size in sizes}
    duck_t = median(results["duckdb"][n], "seconds")
    lite_t = median(results["sqlite3"][n], "seconds")
    floor_t = median(results["floor"][n], "seconds")
    write_t = median(results["write"][n], "seconds")
    r_duck, r_lite, r_floor = ratio(t[n], duck_t), ratio(t[n], lite_t), ratio(t[n], floor_t)
    half, double = sizes[0], sizes[-1]
    g_up, g_down = ratio(t[double], t[n]), ratio(t[n], t[half])

    def rows(a, b):
        return rolls[b][1]["members"] / rolls[a][1]["members"]

    # The growth targets are for N -> 2N; when benefitroll could not run at 2N (memory), the
    # lines say so and judge N/2 -> N instead, which is all that was measured.
    grow = (n, double) if t[double] else (half, n)
    fallback = "" if t[double] or not t[n] else (
        f" (instead of {fmt_int(double)} / {fmt_int(n)}: "
        f"{skipped.get(double, 'not measured')})")
    g_judged = ratio(t[grow[1]], t[grow[0]])
    mem_judged = ratio(m[grow[1]], m[grow[0]])

    def show(value, digits=2):
        return f"{value:.{digits}f}" if value is not None else "—"

    lines.append(f"At {fmt_int(n)} households:")
    lines.append("")
    lines.append(f"- benefitroll / DuckDB: {show(r_duck)}")
    lines.append(f"- benefitroll / sqlite3: {show(r_lite)}"
                 + (f" (sqlite3 takes {1 / r_lite:.1f}× benefitroll's time)" if r_lite else ""))
    lines.append(f"- benefitroll / parse floor: {show(r_floor)}")
    if floor_t and write_t:
        both = floor_t + write_t
        lines.append(f"- parse floor + write floor: {both:.2f} s, the least any program pays to "
                     f"read these inputs and write and hash these outputs; benefitroll / both: "
                     f"{show(ratio(t[n], both))}"
                     + (f"; DuckDB's toy rule (which writes nothing) / both: "
                        f"{show(ratio(duck_t, both))}" if duck_t else ""))
    lines.append(f"- benefitroll peak: {f'{m[n] / 1024:,.0f}' if m[n] else '—'} MiB, "
                 f"{per_person[sizes.index(n)]} bytes per member row")
    lines.append(f"- time {fmt_int(double)} / {fmt_int(n)}: {show(g_up)}; "
                 f"{fmt_int(n)} / {fmt_int(half)}: {show(g_down)}")
    lines.append(f"- peak {fmt_int(double)} / {fmt_int(n)}: {show(ratio(m[double], m[n]))} "
                 f"(member rows × {rows(n, double):.2f}); {fmt_int(n)} / {fmt_int(half)}: "
                 f"{show(ratio(m[n], m[half]))} (member rows × {rows(half, n):.2f})")
    lines.append("")
    if n != TARGET_SIZE:
        lines.append(f"The issue's targets are set for {fmt_int(TARGET_SIZE)} households; at "
                     f"{fmt_int(n)} they are indicative only.")
        lines.append("")

    def against(value, limit, ok_when_below=True):
        if value is None:
            return None
        return value <= limit if ok_when_below else value >= limit

    def not_measured(size, other=None, other_label=""):
        if t[size] is None:
            return f"benefitroll not measured at {fmt_int(size)}" + (
                f" ({skipped[size]})" if size in skipped else "")
        return other_label if other is None else "not measured"

    checks = [
        verdict(against(r_duck, TARGET_VS_DUCKDB), f"benefitroll / DuckDB ≤ {TARGET_VS_DUCKDB}",
                show(r_duck) if r_duck else not_measured(n, duck_t, duckdb_label)),
        verdict(against(ratio(lite_t, t[n]), TARGET_VS_SQLITE, False),
                f"benefitroll ≥ {TARGET_VS_SQLITE:.0f}× faster than sqlite3",
                f"{1 / r_lite:.1f}×" if r_lite else not_measured(n, lite_t, sqlite_text)),
        verdict(against(r_floor, TARGET_VS_FLOOR), f"benefitroll / parse floor ≤ {TARGET_VS_FLOOR}",
                show(r_floor) if r_floor else not_measured(n, floor_t)),
        verdict(against(m[n] / 1024 if m[n] else None, TARGET_PEAK_MIB),
                f"peak memory ≤ {TARGET_PEAK_MIB} MiB at {fmt_int(n)}",
                f"{m[n] / 1024:,.0f} MiB" if m[n] else not_measured(n)),
        verdict(against(mem_judged, rows(*grow)),
                f"peak memory grows no faster than the roll, {fmt_int(grow[0])} → "
                f"{fmt_int(grow[1])}{fallback}",
                f"× {show(mem_judged)} for member rows × {rows(*grow):.2f}" if mem_judged
                else not_measured(n)),
        verdict(against(g_judged, TARGET_GROWTH), f"time {fmt_int(grow[1])} / "
                f"{fmt_int(grow[0])} ≤ {TARGET_GROWTH}{fallback}",
                show(g_judged) if g_judged else not_measured(n)),
        verdict(all(identical.get(s) for s in sizes) if len(identical) == len(sizes)
                else (False if any(v is False for v in identical.values()) else None),
                "--jobs 1 and --jobs 2 month folders identical at every size",
                ", ".join(f"{fmt_int(s)}: " + ("identical" if identical.get(s) else
                                               "DIFFER" if s in identical else "not compared")
                          for s in sizes)),
    ]
    lines.append("```")
    lines.extend(checks)
    lines.append("```")
    if errors:
        lines.append("")
        lines.append("Errors:")
        lines.extend(f"- {e}" for e in errors)
    report = "\n".join(lines) + "\n"
    with open(os.path.join(args.work, "results.md"), "w") as handle:
        handle.write(report)
    print(report, end="")
    print(f"(written to {os.path.join(args.work, 'results.md')})")
    if errors:
        return 1
    if args.strict and any(c.startswith("FAIL") for c in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
