#!/usr/bin/python3
"""Turns bench/compare.sh's JSON lines (build/bench/*.jsonl) into bench/RESULTS.md's tables.
usage: /usr/bin/python3 bench/make_results.py build/bench > bench/RESULTS.md"""
import json
import os
import sys

WORKLOADS = ["linear-b20", "linear-b256", "conv-b20", "conv-b256", "vae-b128"]


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def peak_text(native):
    """The peak each thread count measured, as a range over the workloads' processes."""
    parts = []
    for t in (1, 2):
        p = [r["peak_gflops"] for r in native if r["threads"] == t and "peak_gflops" in r]
        if p:
            parts.append(f"{t} thread{'s' if t > 1 else ''} {min(p):.0f}-{max(p):.0f} GFLOP/s")
    return ", ".join(parts) or "not measured"


def app_seconds(app):
    """The app's training window, as the measurements give it (seconds of training)."""
    return f"{min(r['seconds'] for r in app):.0f}" if app else "?"


def main():
    d = sys.argv[1]
    native, torch, browser, app = (rows(os.path.join(d, f))
                                   for f in ("native.jsonl", "pytorch.jsonl", "browser.jsonl", "app.jsonl"))
    machine = open(os.path.join(d, "machine.txt")).read().strip().splitlines()
    out = ["# Benchmark results", "",
           "Written by `bash bench/compare.sh` (every figure from one run, ratios within it). Samples/s of "
           "training steps on Fashion-MNIST's 60,000 training images in file order, after one warm-up step. "
           "The machine is shared with other jobs, so absolute figures are noisy; the load is below.", ""]
    out += [f"- {m}" for m in machine]
    out += ["", "## Native: aelab vs PyTorch 1.13", "",
            "`ratio` = aelab at 2 threads / PyTorch strong (best of 1 and 2 torch threads, OPENBLAS_NUM_THREADS=1). "
            "`share of peak` = the workload's GFLOP/s at 2 threads / the peak `aelab bench` measures itself "
            "(a 1024x1024x1024 product with the same kernels on the same 2 threads: " + peak_text(native) + ").", "",
            "| workload | aelab 1 thread | aelab 2 threads | 1→2 scaling | GFLOP/s (2 threads) | share of peak | PyTorch tutorial | PyTorch strong (threads) | PyTorch share of peak | ratio | aelab peak RSS MB | PyTorch peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w in WORKLOADS:
        a = {r["threads"]: r for r in native if r["workload"] == w}
        tut = [r for r in torch if r["workload"] == w and r["system"] == "pytorch-tutorial"]
        strong = [r for r in torch if r["workload"] == w and r["system"] == "pytorch-strong"]
        if 1 not in a or 2 not in a or not strong:
            continue
        best = max(strong, key=lambda r: r["samples_per_s"])
        tutorial = f"{tut[0]['samples_per_s']:,.0f}" if tut else "not run"
        out.append(f"| {w} | {a[1]['samples_per_s']:,.0f} | {a[2]['samples_per_s']:,.0f} | "
                   f"{a[2]['samples_per_s'] / a[1]['samples_per_s']:.2f}x | {a[2]['gflops']:.1f} | "
                   f"{100 * a[2]['share_of_peak']:.0f} % | {tutorial} | "
                   f"{best['samples_per_s']:,.0f} ({best['threads']}) | "
                   f"{100 * best['gflops'] / a[2]['peak_gflops']:.0f} % | "
                   f"**{a[2]['samples_per_s'] / best['samples_per_s']:.1f}x** | {a[2]['peak_rss_mb']:.0f} | "
                   f"{best['peak_rss_mb']:.0f} |")
    out += ["", "## Browser (headless Chromium, COOP/COEP page): aelab wasm, the app, TensorFlow.js 4.22", "",
            "`aelab wasm` = `aelab bench`'s wasm build in the page; `app in page` = the web app itself training the "
            "same workload from a run link, the Train panel's samples/s after " + app_seconds(app) + " s (start-up, "
            "first steps and end-of-epoch test evaluations included; bench/app_bench.mjs); `of bench wasm` = app / "
            "aelab wasm at the same thread count (target >= 75 %). `ratio` = aelab wasm at 2 threads / the fastest "
            "TensorFlow.js backend (the seed linear model only); `of native` = aelab wasm / aelab native, both at 2 "
            "threads; `share of peak` = aelab wasm's GFLOP/s / the peak the wasm build measures in the page (the same "
            "1024x1024x1024 product, 2 threads).", ""]
    browsers = sorted({r.get("browser", "") for r in browser + app})
    if browsers:
        out += [f"Browser: {', '.join(browsers)}.", ""]
    out += ["| workload | aelab wasm 1 thread | app in page 1 thread | of bench wasm | aelab wasm 2 threads | app in page 2 threads | of bench wasm | share of peak | TensorFlow.js backends | fastest TF.js | ratio | of native |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for w in ("linear-b20", "linear-b256", "conv-b20", "conv-b256"):
        a = {r["threads"]: r for r in browser if r["workload"] == w and r["system"] == "aelab-wasm"}
        page = {}  # the best of any repeats
        for r in sorted((r for r in app if r["workload"] == w), key=lambda r: r["samples_per_s"]):
            page[r["threads"]] = r
        tf = [r for r in browser if r["workload"] == w and r["system"].startswith("tfjs")]
        nat = [r for r in native if r["workload"] == w and r["threads"] == 2]
        if 1 not in a or 2 not in a:
            continue
        cells = [w]
        for t in (1, 2):
            cells.append(f"{a[t]['samples_per_s']:,.0f}")
            if t in page:
                share = page[t]["samples_per_s"] / a[t]["samples_per_s"]
                cells += [f"{page[t]['samples_per_s']:,.0f}",
                          f"**{100 * share:.0f} %** ({'met' if share >= 0.75 else 'missed'})"]
            else:
                cells += ["not run", ""]
        cells.append(f"{100 * a[2]['share_of_peak']:.0f} %" if "share_of_peak" in a[2] else "not measured")
        if tf:
            best = max(tf, key=lambda r: r["samples_per_s"])
            cells += [", ".join(f"{r['backend']} {r['samples_per_s']:,.0f}" for r in tf),
                      f"{best['samples_per_s']:,.0f} ({best['backend']})",
                      f"**{a[2]['samples_per_s'] / best['samples_per_s']:.1f}x**"]
        else:
            cells += ["not run", "", ""]
        cells.append(f"{a[2]['samples_per_s'] / nat[0]['samples_per_s']:.2f}" if nat else "")
        out.append("| " + " | ".join(cells) + " |")
    if app:
        out += ["", "The app's Train panel after its first " + str(app[0].get("first_s", 3)) + " s of training, and "
                "its rate over the last half of the window (steady): "
                + "; ".join(f"{r['workload']} {r['threads']} thread{'s' if r['threads'] > 1 else ''} "
                            f"{r['first_samples_per_s']:,.0f} / {r['steady_samples_per_s']:,.0f}" for r in app) + "."]
    out += ["", "aelab wasm heap (whole `aelab bench` module, data included): "
            + ", ".join(f"{r['workload']} {r['peak_rss_mb']:.0f} MB" for r in browser if r["system"] == "aelab-wasm"
                        and r["threads"] == 2), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
