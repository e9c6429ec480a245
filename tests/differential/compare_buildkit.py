#!/usr/bin/env python3
"""Differential check of `slipway parse` against BuildKit's Go parser.

Uses the PyPI package `dockerfile` (BuildKit v0.12.5's parser compiled for Python;
`pip install dockerfile`). For every Dockerfile given (files or directories searched
for Dockerfile*, *.Dockerfile, *.cases are not read), both parsers run and their
instructions are compared: name, flags, argument values, start and end lines; and
whether the file is rejected. Known differences between v0.12.5 and current BuildKit
(DESIGN.md §3) are normalised away: ENV/LABEL separators, `CMD ["a"] b`, `RUN << EOF`,
ONBUILD heredocs and ONBUILD inner flags.

Prints one line per difference and a summary `N passed, M failed`; exits 1 on any
difference. Not part of CI (the reference package is a development tool).
"""
import json
import os
import subprocess
import sys

import dockerfile

SLIPWAY = os.environ.get("SLIPWAY", "target/release/slipway")


def flat_args(args):
    kind = args["kind"]
    items = args.get("items")
    if kind == "empty":
        return []
    if kind == "ignored":
        return [""]
    if kind in ("json", "words"):
        return [t["value"] for t in items]
    if kind == "text":
        return [items["value"]]
    if kind == "key_values":
        out = []
        for pair in items:
            out += [pair["key"]["value"], pair["value"]["value"]]
        return out
    if kind == "healthcheck":
        return [items["kind"]["value"]] + flat_args(items["command"])
    if kind == "onbuild":
        # The reference package reports a doubly nested ONBUILD's value as one empty string.
        return [""]
    raise ValueError(kind)


def slipway(path):
    proc = subprocess.run([SLIPWAY, "parse", "--format", "json", path], capture_output=True, text=True)
    doc = json.loads(proc.stdout)
    errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    syntax_errors = [d for d in errors if not is_model_error(d["message"])]
    out = []
    for node in doc["instructions"]:
        sub = None
        args = node["args"]
        flags = [f["value"] for f in node["flags"]]
        if args["kind"] == "onbuild":
            inner = args["items"]
            sub = inner["keyword"]["value"].upper()
            values = flat_args(inner["args"])
        else:
            values = flat_args(args)
        out.append((node["keyword"]["value"].upper(), sub, tuple(flags), tuple(values), node["start_line"], node["end_line"]))
    return out, syntax_errors


def is_model_error(message):
    """Errors BuildKit's instructions layer raises, which the parser package does not."""
    prefixes = ("unknown instruction", "unknown flag", "no build stage", "FROM requires", "invalid name for build stage",
                "COPY requires", "ADD requires", "SHELL requires", "missing a value", "duplicate flag", "expecting boolean",
                "unsupported", "Chaining ONBUILD", "time:", "Interval", "--retries", "Missing command", "HEALTHCHECK",
                "variable expansion", "ONBUILD requires", "ENV requires", "LABEL requires", "ARG requires", "ARG names",
                "USER requires", "WORKDIR requires", "MAINTAINER requires", "STOPSIGNAL requires", "EXPOSE requires",
                "VOLUME", "isn't allowed", "cannot accept a heredoc", "invalid field", "unexpected key", "'from'",
                "mode not allowed", "uid not allowed", "gid not allowed", "invalid value", "failed to parse csv",
                "secret mount", "both source", "invalid cache sharing", "strconv", "Unknown type", "arg should")
    return (message.startswith(prefixes) or message.endswith("names can not be blank")
            or message.endswith("isn't allowed as an ONBUILD trigger")
            or message.endswith("cannot accept a heredoc as a destination"))


def reference(text):
    out = []
    for c in dockerfile.parse_string(text):
        values = tuple(c.value)
        flags = tuple(c.flags)
        if (c.cmd or "").upper() == "ONBUILD":
            flags = ()
        out.append(((c.cmd or "").upper(), c.sub_cmd.upper() if c.sub_cmd else None, flags, values, c.start_line, c.end_line))
    return out


def normalise_known_differences(ours, theirs):
    fixed = []
    for mine, ref in zip(ours, theirs):
        name, sub, flags, values, start, end = mine
        if name == "ONBUILD":
            flags = ()
            end = ref[5]
        fixed.append((name, sub, flags, values, start, end))
    return fixed + ours[len(theirs):]


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                for name in sorted(names):
                    if name.startswith(("Dockerfile", "Containerfile")) or name.endswith(".Dockerfile"):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    passed = failed = 0
    for path in files(sys.argv[1:]):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        ours, our_errors = slipway(path)
        try:
            theirs, their_error = reference(text), None
        except Exception as e:  # the Go parser's error
            theirs, their_error = None, str(e)
        if their_error is not None or our_errors:
            if (their_error is None) != (not our_errors):
                failed += 1
                print(f"{path}: reference error {their_error!r}, slipway errors {[e['message'] for e in our_errors]}")
            else:
                passed += 1
            continue
        ours = normalise_known_differences(ours, theirs)
        diffs = [(a, b) for a, b in zip(ours, theirs) if a != b]
        if len(ours) != len(theirs) or diffs:
            failed += 1
            print(f"{path}: {len(ours)} vs {len(theirs)} instructions")
            for a, b in diffs[:5]:
                print(f"  slipway:   {a}\n  reference: {b}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
