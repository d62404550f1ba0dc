#!/usr/bin/env python3
"""Runs clang-tidy (checks in .clang-tidy) over Alley's own sources, every warning an error.

    scripts/tidy.py [-p BUILD] [-j JOBS] [--no-cache] [FILE...]

Without FILEs it checks every src/**/*.cc in BUILD/compile_commands.json, which
`cmake --preset release` writes (`make lint-tidy` does both).

clang-tidy takes seconds per file, so a file found clean is remembered in
$ALLEY_CACHE/tidy under a hash of what clang-tidy would see: the file
preprocessed with every header it includes (comments kept, so NOLINT counts),
its path in the repository, .clang-tidy and the clang-tidy version. A file is
checked again only when one of those changes. Files with findings are never
remembered. --no-cache checks everything.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DAYS = 30  # remembered results unused this long are removed


def cache_dir() -> Path:
    cache = os.environ.get("ALLEY_CACHE")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache = str(Path(xdg) / "alley")
    return Path(cache) / "tidy"


def compile_args(entry: dict) -> list[str]:
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def preprocess_command(entry: dict) -> list[str]:
    """The entry's compile command turned into clang++ -E, output on stdout."""
    args = compile_args(entry)
    out = ["clang++"]
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg == "-o":
            skip = True
        elif arg != "-c":
            out.append(arg)
    # No warnings (the flags are GCC's, maybe with -Werror); __FILE__ relative
    # to the checkout, so that another clone of the same code hits the cache.
    return out + ["-w", f"-fmacro-prefix-map={ROOT}/=", "-E", "-P", "-C", "-o", "-"]


def fingerprint(entry: dict, salt: bytes) -> str | None:
    """A hash of everything the file's result depends on; None if it can't be had."""
    proc = subprocess.run(preprocess_command(entry), cwd=entry["directory"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        return None
    h = hashlib.sha256(salt)
    h.update(os.path.relpath(entry["file"], ROOT).encode())
    h.update(b"\0")
    h.update(proc.stdout)
    return h.hexdigest()


def check(entry: dict, build: str, salt: bytes,
          cache: Path | None) -> tuple[str, bool, str, str]:
    """Returns (file, clean, how: 'cached' or 'checked', findings)."""
    key = fingerprint(entry, salt) if cache else None
    if key and (cache / key).exists():
        (cache / key).touch()
        return entry["file"], True, "cached", ""
    proc = subprocess.run(
        # The compile commands are GCC's, -Werror in CI: clang's own warnings
        # about them are not findings.
        ["clang-tidy", "-p", build, "--quiet", "--warnings-as-errors=*",
         "--extra-arg=-Wno-error", "--extra-arg=-Wno-unknown-warning-option", entry["file"]],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines()
             if not (line.endswith(" generated.") and line.split(" ", 1)[0].isdigit())]
    clean = proc.returncode == 0 and not lines
    if clean and key:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / key).touch()
    return entry["file"], clean, "checked", "\n".join(lines)


def prune(cache: Path) -> None:
    if not cache.is_dir():
        return
    cutoff = time.time() - CACHE_DAYS * 86400
    for f in cache.iterdir():
        if f.stat().st_mtime < cutoff:
            f.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-p", dest="build", default="build", help="build folder (default build)")
    parser.add_argument("-j", dest="jobs", type=int, default=int(os.environ.get("JOBS", "2")),
                        help="files at a time (default $JOBS or 2)")
    parser.add_argument("--no-cache", action="store_true", help="check every file again")
    parser.add_argument("files", nargs="*", help="only these files")
    args = parser.parse_args()

    db_path = Path(args.build) / "compile_commands.json"
    if not db_path.is_file():
        print(f"tidy: {db_path} is missing: run cmake --preset release first", file=sys.stderr)
        return 1
    entries = {}
    for entry in json.loads(db_path.read_text()):
        path = Path(entry["directory"], entry["file"]).resolve()
        entry["file"] = str(path)
        entries.setdefault(str(path), entry)
    if args.files:
        wanted = [str(Path(f).resolve()) for f in args.files]
        missing = [f for f in wanted if f not in entries]
        if missing:
            print(f"tidy: not in {db_path}: {' '.join(missing)}", file=sys.stderr)
            return 1
    else:
        src = str(ROOT / "src") + os.sep
        wanted = sorted(f for f in entries if f.startswith(src) and f.endswith(".cc"))
    if not wanted:
        print("tidy: no files to check")
        return 0

    version = subprocess.run(["clang-tidy", "--version"], stdout=subprocess.PIPE,
                             check=True).stdout
    salt = version + (ROOT / ".clang-tidy").read_bytes()
    cache = None if args.no_cache else cache_dir()

    started = time.monotonic()
    bad, cached = [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [pool.submit(check, entries[f], args.build, salt, cache) for f in wanted]
        for job in concurrent.futures.as_completed(jobs):
            path, clean, how, findings = job.result()
            cached += how == "cached"
            if findings:
                print(findings, flush=True)
            if not clean:
                bad.append(os.path.relpath(path, ROOT))
    if cache:
        prune(cache)

    seconds = time.monotonic() - started
    summary = (f"{len(wanted)} files, {len(wanted) - cached} checked and {cached} clean before, "
               f"{seconds:.0f} s with {args.jobs} jobs")
    if bad:
        print(f"tidy: findings in {len(bad)} of {summary}: {' '.join(sorted(bad))}",
              file=sys.stderr)
        return 1
    print(f"tidy: clean: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
