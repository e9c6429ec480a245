#!/usr/bin/env python3
"""Random differential testing of `slipway parse` against BuildKit's Go parser (PyPI
package `dockerfile`, BuildKit v0.12.5): generates Dockerfile-shaped files from
fragments and compares them with compare_buildkit.py's rules.

usage: random_compare.py [COUNT] [SEED]

Not generated, because v0.12.5 differs from current BuildKit there (DESIGN.md §3):
spaced heredocs (`<< EOF`), heredocs under ONBUILD, JSON followed by text, and the
`# check=` directive (unknown to v0.12.5, so it ends directive scanning).
"""
import os
import re
import random
import subprocess
import sys
import tempfile

FRAGMENTS = [
    "FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "LABEL ", "ARG ", "CMD ", "ENTRYPOINT ", "HEALTHCHECK ", "ONBUILD ",
    "SHELL ", "EXPOSE ", "USER ", "WORKDIR ", "VOLUME ", "MAINTAINER ", "STOPSIGNAL ", "AS ", "NONE ", "CMD ",
    "alpine", "a=b", "x", "y z", " ", "  ", "\t", "\n", "\n", "\n", "\r\n", "\\\n", "\\ \n", "\\\\\n", "#", "# c\n",
    "\"", "'", "[", "]", ",", '"a"', '["a", "b"]', "1", "--", "--mount=type=cache,target=/x", "--from=a", "=",
    "<<EOF", "<<-EOF", "<<'EOF'", "EOF", "\tEOF", "$V", "${V:-x}", "é", "--chown=1", "-", "k=\"v w\"",
    "`", "`\n", "\nEOF\n", "\n\tEOF\n", "COPY <<EOF /x\n", "RUN <<EOF cat\n", "ENV a b c", "3<<EOF",
]
PREFIXES = ["", "", "# escape=`\n", "# escape=\\\n", "#syntax=a\n", "\ufeff", "#!/bin/sh\n# escape=`\n",
            "  # Escape = ` \n"]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            body = random.choice(PREFIXES) + "FROM base\n" + "".join(random.choice(FRAGMENTS) for _ in range(random.randint(1, 40)))
            # Known v0.12.5 differences are not generated: spaced heredocs, ONBUILD heredocs,
            # JSON followed by text.
            if "<< " in body or ("ONBUILD" in body and "<<" in body) or re.search(r"\][^\r\n]", body):
                continue
            with open(os.path.join(tmp, f"Dockerfile.{i:05d}"), "w") as f:
                f.write(body)
        result = subprocess.run([sys.executable, os.path.join(here, "compare_buildkit.py"), tmp])
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
