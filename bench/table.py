"""Builds make bench's table (Markdown) from the results scripts/bench.sh
collected: hyperfine's JSON exports and go test -bench output. Medians
throughout. Standard library only (Debian's /usr/bin/python3).

usage: table.py RESULTS_DIR N RUNS COUNT
"""
import json
import os
import re
import statistics
import sys

R, N, RUNS, COUNT = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def hf(name):
    """{command name: median seconds} over every round's hyperfine export."""
    times = {}
    for fn in sorted(os.listdir(R)):
        if re.fullmatch(re.escape(name) + r"-\d+\.json", fn):
            with open(os.path.join(R, fn)) as f:
                for r in json.load(f)["results"]:
                    times.setdefault(r["command"], []).extend(r["times"])
    return {c: statistics.median(t) for c, t in times.items()}


def gobench(name):
    """{benchmark: median ns/op} of go test -bench output."""
    runs = {}
    with open(os.path.join(R, name)) as f:
        for line in f:
            m = re.match(r"^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
            if m:
                runs.setdefault(m.group(1), []).append(float(m.group(2)))
    return {k: statistics.median(v) for k, v in runs.items()}


def read(name, default=""):
    try:
        with open(os.path.join(R, name)) as f:
            return f.read().strip()
    except OSError:
        return default


def ms(s):
    return f"{s * 1000:.1f} ms"


def verdict(ok):
    return "met" if ok else "**missed**"


rows = []


def row(what, ours, peer, peer_fig, ratio, target, ok):
    rows.append(f"| {what} | {ours} | {peer} | {peer_fig} | {ratio} | {target} | {verdict(ok) if ok is not None else '—'} |")


# Rows 1 and 2: throughput, peer median / our median (> 1: SSO Lens faster).
for alg, label in (("rs256", "RS256"), ("es256", "ES256")):
    t = hf("verify-" + alg)
    ours = t["ssolens"]
    for peer, name in (("pyjwt", "PyJWT (python3-jwt)"), ("jose", "npm jose"), ("jsonwebtoken", "npm jsonwebtoken")):
        x = t[peer] / ours
        target, ok = {"pyjwt": ("≥ 2×", x >= 2), "jose": ("≥ 1×", x >= 1)}.get(peer, ("—", None))
        row(f"1{'ab'[alg == 'es256']}. verify {N:,} {label} tokens, one JWKS file (whole process)" if peer == "pyjwt" else "″",
            f"{N / ours:,.0f} tok/s ({ms(ours)})", name, f"{N / t[peer]:,.0f} tok/s ({ms(t[peer])})", f"{x:.2f}× faster" if x >= 1 else f"{1 / x:.2f}× slower",
            target, ok)

# Row 3: in-process, ours / bare (≤ 1.3 wanted).
g = gobench("inprocess.txt")
for label in ("RS256", "ES256"):
    ours, bare = g.get("BenchmarkPredict" + label), g.get("BenchmarkBareParse" + label)
    if ours and bare:
        x = ours / bare
        row(f"3. in-process decode + verify + Neo4j prediction, {label}", f"{ours / 1000:.1f} µs/token", "golang-jwt Parse, same key and checks",
            f"{bare / 1000:.1f} µs/token", f"{x:.2f}× the time", "≤ 1.3×", x <= 1.3)

# Row 4: scan, MB/s.
t = hf("scan")
size = int(read("scan-bytes.txt", "0"))
mb = size / 1e6
ours = t["ssolens"]
for peer, name in (("grep", "grep -oE (LC_ALL=C.UTF-8)"), ("grep-C", "grep -oE (LC_ALL=C)"), ("rg", "rg -o")):
    x = t[peer] / ours
    row(f"4. scan a {mb:.0f} MB log (`ssolens scan FILE`), {read('scan-counts.txt').split()[0].split('=')[1]} tokens found by each" if peer == "grep" else "″",
        f"{mb / ours:,.0f} MB/s ({ms(ours)})", name, f"{mb / t[peer]:,.0f} MB/s ({ms(t[peer])})",
        f"{x:.2f}× faster" if x >= 1 else f"{1 / x:.2f}× slower", "≥ 1× grep" if peer.startswith("grep") else "—",
        x >= 1 if peer.startswith("grep") else None)

# Row 5: start-up, milliseconds.
t = hf("startup")
row("5a. `ssolens version` (whole process)", ms(t["version"]), "python3 -c 'import jwt'", ms(t["python-import-jwt"]),
    f"{t['python-import-jwt'] / t['version']:.1f}× faster", "—", None)
row("5b. `ssolens inspect @one.token` (decode, offline)", ms(t["inspect"]), "PyJWT verify of one token", ms(t["pyjwt-one"]),
    f"{t['pyjwt-one'] / t['inspect']:.1f}× faster", "< 30 ms", t["inspect"] < 0.030)
row("5c. `ssolens inspect @one.token --jwks … --json` (verify)", ms(t["inspect-verify"]), "npm jose verify of one token", ms(t["jose-one"]),
    f"{t['jose-one'] / t['inspect-verify']:.1f}× faster", "< 30 ms", t["inspect-verify"] < 0.030)

# Row 6: GUI.
gui = read("gui.txt")
frames = [int(v) for v in re.findall(r"first_frame_ms=(\d+)", gui)]
mapped = [int(v) for v in re.findall(r"mapped_ms=(\d+)", gui)]
rss = re.search(r"rss_kb=(\d+) signed_in=(\w+)", gui)
bymap = re.search(r"rss_by_mapping: (.*)", gui)
if frames:
    f = statistics.median(frames)
    row(f"6a. GUI: process start → first frame (Xvfb, software GL; median of {len(frames)})",
        f"{f / 1000:.2f} s (window mapped {statistics.median(mapped) / 1000:.2f} s)", "no desktop peer installed", "—", "—", "< 1.5 s", f < 1500)
else:
    row("6a. GUI first frame", gui.splitlines()[-1] if gui else "not measured", "—", "—", "—", "< 1.5 s", None)
if rss:
    r = int(rss.group(1)) / 1024
    note = "" if rss.group(2) == "yes" else " (the sign-in was not seen to finish)"
    row("6b. GUI: RSS after a demo sign-in" + note, f"{r:.0f} MB", "no desktop peer installed", "—", "—", "< 150 MB", r < 150)
else:
    row("6b. GUI RSS", "not measured", "—", "—", "—", "< 150 MB", None)

# Row 7: sign-in round trips.
g = gobench("signin.txt")
flows = (("AuthCodePKCE", "auth code + PKCE (loopback, login page, code exchange, verify)"),
         ("ClientCredentials", "client credentials"), ("Refresh", "refresh (rotated)"),
         ("Device", "device code (includes the provider's 1 s poll interval, RFC 8628)"))
for key, label in flows:
    v = g.get("BenchmarkSignIn" + key)
    if v is None:
        continue
    target, ok = ("< 100 ms", v / 1e6 < 100) if key != "Device" else ("— (interval-bound)", None)
    row(f"7. sign-in round trip: {label}", f"{v / 1e6:.1f} ms", "—", "—", "—", target, ok)
row("7. sign-in round trip: password", "n/a: the demo provider offers no password grant", "—", "—", "—", "< 100 ms", None)

print(f"## make bench (medians: hyperfine, {RUNS} runs per command in rounds taking turns; go test -count {COUNT})\n")
print("| row | SSO Lens | peer | peer's figure | ratio | target | |")
print("|---|---|---|---|---|---|---|")
print("\n".join(rows))
print()
print(f"Machine: {os.cpu_count()} CPUs; {read('env.txt').replace(chr(10), '; ')}.")
print("ssolens here is build/ssolens-cli (CGO_ENABLED=0 go build -tags nogui); the GUI row uses the cgo build build/ssolens.")
if bymap:
    print(f"GUI RSS by mapping after the sign-in: {bymap.group(1)}.")
