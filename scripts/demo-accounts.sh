#!/usr/bin/env bash
# The demo's logins, for `make demo`: one account per role that a visitor is
# likely to try, all at the Hailian demo community (320706006010), with a
# password that is printed, because the data behind them is synthetic. Run
# again, it resets their passwords (and clears any lock-out) instead.
#
# Usage: scripts/demo-accounts.sh ALLEY_BINARY DB
set -euo pipefail
alley=$1
db=$2
password=${ALLEY_DEMO_PASSWORD:-hailian-demo}
hailian=320706006010

existing=$("$alley" --db "$db" user list --json)
account() {
  local name=$1 role=$2 unit=$3 display=$4
  if grep -q "\"username\": *\"$name\"" <<<"$existing"; then
    "$alley" --db "$db" user passwd "$name" --password-stdin <<<"$password" >/dev/null
  else
    "$alley" --db "$db" user add "$name" --role "$role" --unit "$unit" --display-name "$display" \
      --password-stdin <<<"$password" >/dev/null
  fi
}
account hailian community_staff "$hailian" "海连社区 社区工作者 (demo)"
account hailian_grid grid_worker "$hailian" "海连社区 网格员 (demo)"
account xinhai_street street_officer 320706006 "新海街道 (demo)"
account auditor auditor "$hailian" "审计 (demo)"
account planner planner "$hailian" "规划 (demo)"
echo "demo logins (password $password): hailian (community_staff), hailian_grid (grid_worker)," \
  "xinhai_street (street_officer), auditor (auditor), planner (planner)"
