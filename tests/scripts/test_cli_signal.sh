#!/usr/bin/env bash
# aelab train stopped by SIGTERM mid-epoch: exit 130, one JSON line with "interrupted":true, a
# checkpoint that loads and evaluates, and `--resume` that completes the run to the same bytes
# as a run never stopped; then each further signal the same way. MODEL's epochs must last long
# enough, in this build, for the signal to land inside one (conv natively, mlp under ASan).
#   usage: test_cli_signal.sh AELAB WORKDIR [SIGNALS] [MODEL]   (default: TERM INT, conv)
set -uo pipefail
aelab=$1 work=$2 signals=${3:-TERM INT} model=${4:-conv}
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
run=(--model "$model" --shuffle --epochs 2 --threads 2 --batch 20)
"$aelab" train "${run[@]}" --out straight >/dev/null 2>&1 || { echo "FAIL: the uninterrupted run failed"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
for sig in $signals; do
  dir=stopped-$sig
  "$aelab" train "${run[@]}" --out "$dir" >"$dir.out" 2>"$dir.err" &
  pid=$!
  # Mid-epoch: once the first epoch's row is written, wait a third of that epoch's training
  # time (its 4th column), so the signal lands in the second epoch in any build.
  for _ in $(seq 1200); do
    [[ -f $dir/loss.csv && $(wc -l <"$dir/loss.csv") -ge 2 ]] && break
    sleep 0.1
  done
  sleep "$(awk -F, 'NR == 2 { printf "%.2f", $4 / 3 }' "$dir/loss.csv")"
  kill -"$sig" "$pid"
  wait "$pid"
  rc=$?
  [[ $rc -eq 130 ]] || fail "SIG$sig: exit $rc, expected 130 ($(tail -1 "$dir.err"))"
  [[ $(wc -l <"$dir.out") -eq 1 ]] && grep -q '"interrupted":true}$' "$dir.out" ||
    fail "SIG$sig: stdout is not one JSON line with \"interrupted\":true: $(cat "$dir.out")"
  grep -q "interrupted at step [0-9]* (epoch 2)" "$dir.err" || fail "SIG$sig: not stopped mid-epoch 2: $(tail -1 "$dir.err")"
  "$aelab" eval --checkpoint "$dir/model.aelab" >/dev/null 2>&1 || fail "SIG$sig: the saved checkpoint does not evaluate"
  "$aelab" train --resume "$dir" >/dev/null 2>"$dir.resume.err" || fail "SIG$sig: --resume failed: $(tail -1 "$dir.resume.err")"
  cmp -s straight/model.aelab "$dir/model.aelab" || fail "SIG$sig: stopped + resumed differs from the uninterrupted run"
  [[ $(wc -l <"$dir/loss.csv") -eq 3 ]] || fail "SIG$sig: loss.csv has $(wc -l <"$dir/loss.csv") lines after resuming"
done
checks=$((6 * $(wc -w <<<"$signals")))  # six checks a signal
echo "$((checks - failures)) passed, $failures failed"
((failures == 0))
