#!/usr/bin/env bash
# Runs every test in the solution and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash eng/fetch-gemma-tokenizer.sh || exit 1
log="$(mktemp)"
dotnet test FhirMedGemma.sln -c Release --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# VSTest prints one "Passed!/Failed!  - Failed: a, Passed: b, Skipped: c, Total: d" line per test assembly.
summary=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+' "$log" | sed -E 's/.*Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
rm -f "$log"
echo "${summary:-0 passed, 0 failed, 0 skipped}"
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
case "$summary" in 0\ passed*|"") echo "no tests ran" >&2; exit 1;; esac
exit 0
