#!/usr/bin/env bash
# Numbers you can trust on a busy machine (issue 10): the same `bench` of a few small models at
# batch 1 and 8, first on the machine as it is ("quiet": no load of ours), then under a bursty
# background load that takes one core in bursts (a busy loop 3 s on, 3 s off), without retries
# and with retries. Prints, per case, the loaded median against the quiet one and whether dnnbench
# called it valid, then the counts the issue asks for:
#   - valid cases within 5% of the quiet median; invalid cases with their reason;
#   - valid cases off by more than 10% (must be 0);
#   - cases valid after retries (target: at least 3 of 4).
# Other people's load on a shared machine is not ours to stop: `uptime` is printed before each
# step so the figures can be read with it.
# Usage: bench/noisy_machine.sh [MODELS (comma-separated)] [BATCHES] [ATTEMPTS]
# Extra bench options in $BENCH_OPTS (e.g. BENCH_OPTS="--case-cap 5" for a quicker check).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
models="${1:-squeezenet1_1,mobilenet_v2,shufflenet_v1_g8,resnet18}"
batches="${2:-1,8}"
attempts="${3:-3}"
out=bench/out/noisy
mkdir -p "$out"
./dnnbench --version >/dev/null # builds the jar once
IFS=, read -r -a ids <<<"$models"

burst_pid=""
stop_load() { [[ -n "$burst_pid" ]] && kill "$burst_pid" 2>/dev/null; wait "$burst_pid" 2>/dev/null || true; burst_pid=""; }
trap stop_load EXIT
start_load() {
  # one core in bursts: 3 s busy, 3 s idle, pinned to the last core where taskset exists
  local pin=""
  command -v taskset >/dev/null && pin="taskset -c $(( $(nproc) - 1 ))"
  ( while :; do $pin timeout 3 sh -c 'while :; do :; done' || true; sleep 3; done ) &
  burst_pid=$!
}

bench() { # $1 = name, $2 = attempts
  echo "== $1 (attempts $2): $(uptime)"
  # shellcheck disable=SC2086
  ./dnnbench bench "${ids[@]}" --batch "$batches" --attempts "$2" --no-store --format json ${BENCH_OPTS:-} \
    >"$out/$1.json"
}

bench quiet "$attempts"
start_load
bench loaded-once 1
bench loaded-retried "$attempts"
stop_load
echo "== done: $(uptime)"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def cases(name):
    return {(c["model"], c["batch"]): c for c in json.load(open(f"{out}/{name}.json"))["cases"]}
quiet = cases("quiet")
for name in ("loaded-once", "loaded-retried"):
    loaded = cases(name)
    n = len(loaded); valid = close5 = off10 = 0; invalid = []
    print(f"\n{name}: model batch | quiet median ms (valid) | loaded median ms (valid) | ratio | attempts | detail")
    for key, c in sorted(loaded.items()):
        q = quiet.get(key)
        qm = q["ms_per_batch"]["median"] if q and q.get("ms_per_batch") else None
        lm = c["ms_per_batch"]["median"] if c.get("ms_per_batch") else None
        ratio = lm / qm if qm and lm else None
        print(f"  {key[0]} {key[1]} | {qm if qm is None else round(qm, 3)} ({q and q['valid']})"
              f" | {lm if lm is None else round(lm, 3)} ({c['valid']}) | "
              f"{'-' if ratio is None else f'{ratio:.3f}'} | {c.get('attempts', 1)} | {c.get('detail', '')}")
        if c["valid"]:
            valid += 1
            if ratio is not None and abs(ratio - 1) <= 0.05: close5 += 1
            if ratio is not None and abs(ratio - 1) > 0.10: off10 += 1
        else:
            invalid.append(f"{key[0]}@{key[1]}: {c.get('detail', '')}")
    print(f"{name}: {valid} of {n} cases valid; {close5} valid within 5% of quiet; "
          f"{off10} valid off by more than 10% (must be 0); {len(invalid)} invalid")
    for i in invalid: print(f"  invalid {i}")
qv = sum(1 for c in quiet.values() if c["valid"])
print(f"\nquiet reference: {qv} of {len(quiet)} cases valid (a reference that is itself invalid is"
      " marked above; compare those with care)")
PY
