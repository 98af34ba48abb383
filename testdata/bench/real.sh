#!/usr/bin/env bash
# real.sh — whole-process benchmark of skillcheck and its peers on real
# repositories, every tool in the same run (docs/benchmarks.md, "Real
# repositories"):
#
#   testdata/bench/real.sh SKILLCHECK PEERS ROUNDS REPO...
#
# SKILLCHECK is the skillcheck binary; PEERS a folder where
# `npm install skill-check@1.2.0 skills-ref@0.1.5` was run. Each round runs,
# on each REPO in turn, the three tools one after the other, in an order
# that rotates from round to round:
#
#   skillcheck   SKILLCHECK lint --fast --format json --fail-on never REPO
#   skill-check  node PEERS/node_modules/skill-check/bin/skill-check.js
#                check REPO --no-security-scan --format json
#   skills-ref   node ref-all.mjs PEERS REPO (validate() on each skill folder)
#
# With BEFORE set to another skillcheck binary (an earlier build), it runs
# too, as skillcheck-before, with the same flags.
#
# Output goes to stdout; each tool's own output is discarded. First one line
# per run (round, repo, tool, wall s, user s, sys s, peak RSS KiB), then,
# per tool, the sum over the repositories of the median wall time and the
# largest median peak RSS, and the ratios of skillcheck's figures to each
# peer's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1") peers=$(realpath "$2") rounds=$3
shift 3
tools=(skillcheck skill-check skills-ref)
if [ -n "${BEFORE:-}" ]; then
  before=$(realpath "$BEFORE")
  tools+=(skillcheck-before)
fi

# command sets argv to the command line of a tool on a repository.
command() {
  case $1 in
  skillcheck) argv=("$bin" lint --fast --format json --fail-on never "$2") ;;
  skillcheck-before) argv=("$before" lint --fast --format json --fail-on never "$2") ;;
  skill-check) argv=(node "$peers/node_modules/skill-check/bin/skill-check.js" check "$2" --no-security-scan --format json) ;;
  skills-ref) argv=(node "$here/ref-all.mjs" "$peers" "$2") ;;
  esac
}

times=$(mktemp) results=$(mktemp)
trap 'rm -f "$times" "$results"' EXIT
{
  printf 'round\trepo\ttool\twall_s\tuser_s\tsys_s\trss_kib\n'
  for ((r = 0; r < rounds; r++)); do
    for repo in "$@"; do
      for ((t = 0; t < ${#tools[@]}; t++)); do
        tool=${tools[(t + r) % ${#tools[@]}]}
        command "$tool" "$repo"
        /usr/bin/time -f '%e %U %S %M' -o "$times" "${argv[@]}" >/dev/null 2>&1 || true
        read -r wall user sys rss < <(tail -n 1 "$times") # after "Command exited with non-zero status"
        printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(basename "$repo")" "$tool" "$wall" "$user" "$sys" "$rss"
      done
    done
  done
} | tee "$results"

awk -F'\t' '
  NR == 1 { next }
  { key = $3 SUBSEP $2; n[key]++; wall[key, n[key]] = $4; rss[key, n[key]] = $7; tools[$3]; repos[$2] }
  function median(a, key, count,   i, v) {
    delete v
    for (i = 1; i <= count; i++) v[i] = a[key, i] + 0
    asort(v)
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END {
    for (t in tools) for (p in repos) {
      k = t SUBSEP p
      total[t] += median(wall, k, n[k])
      m = median(rss, k, n[k]); if (m > peak[t]) peak[t] = m
    }
    printf "\ntool\tsum of median wall (s)\tlargest median peak RSS (MiB)\n"
    for (t in tools) printf "%s\t%.2f\t%.0f\n", t, total[t], peak[t] / 1024
    for (t in tools) if (t != "skillcheck")
      printf "skillcheck / %s: wall %.2f, peak RSS %.2f\n", t, total["skillcheck"] / total[t], peak["skillcheck"] / peak[t]
  }' "$results"
