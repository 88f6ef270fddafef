#!/usr/bin/env python3
"""The minimum supported Rust version (Cargo.toml `rust-version`) holds for the whole tree.

Our own code is held to it by clippy's `incompatible_msrv` lint (std APIs newer than the
MSRV), which `cargo clippy -D warnings` turns into an error. This script checks the other
half: no dependency in Cargo.lock declares a `rust-version` newer than ours. When the MSRV
toolchain itself is installed (`rustup toolchain list`), CI also builds with it; this
machine cannot download toolchains, so without it that build is reported as not run.
"""
import json
import subprocess
import sys


def version(text):
    return tuple(int(part) for part in text.split("."))


def main():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ours = next(p for p in meta["packages"] if p["id"] in meta["workspace_members"])
    msrv = ours["rust_version"]
    newer = [
        f"{p['name']} {p['version']} needs Rust {p['rust_version']}"
        for p in meta["packages"]
        if p.get("rust_version") and version(p["rust_version"]) > version(msrv)
    ]
    if newer:
        print(f"MSRV {msrv} does not hold:\n  " + "\n  ".join(newer))
        return 1
    print(f"MSRV {msrv}: no dependency of {len(meta['packages'])} declares a newer Rust")
    return 0


if __name__ == "__main__":
    sys.exit(main())
