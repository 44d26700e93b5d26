#!/usr/bin/env bash
# Models out and in, for every zoo model (the list `aelab train --help` gives) plus the sparse
# model's KL variant: one epoch on 500 images, then
#   aelab export (safetensors) -> python/aelab_torch.py load: codes and reconstructions of the
#     test images equal `aelab encode`'s to 1e-5 max abs; the npz export loads the same weights;
#   a few PyTorch Adam steps -> aelab_torch.save (safetensors and npz) -> aelab import ->
#     aelab eval: test MSE equals PyTorch's to 1e-6 relative, from both files;
#   aelab export --format onnx (through aelab_torch.py) -> onnx.checker, and ONNX Runtime (npm onnxruntime-node)
#     reproduces `aelab encode`'s reconstructions to 1e-5.
# Needs /usr/bin/python3 with Debian's python3-torch, -numpy, -onnx, and node.
#   usage: test_torch_roundtrip.sh AELAB WORK_DIR BUILTIN_DATA_DIR
set -euo pipefail
AELAB=$1 WORK=$2 BUILTIN=$3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
rm -rf "$WORK" && mkdir -p "$WORK"
"$PY" "$HERE/torch_roundtrip.py" subset "$BUILTIN" "$WORK/data" 500

models=$("$AELAB" train --help | sed -n 's/^ *--model NAME .*: \(.*\) \[.*$/\1/p' | tr -d ',')
[[ -n $models ]] || { echo "no model list in 'aelab train --help'" >&2; exit 1; }
runs=()
for m in $models; do
  case $m in
    denoise) runs+=("denoise --arch conv") ;;
    sparse) runs+=("sparse" "sparse --sparsity 0.05") ;;
    *) runs+=("$m") ;;
  esac
done

# An interpreter that fails: one line, exit 1, no ONNX file and no temp files left.
"$AELAB" train --model linear --epochs 0 --data "$WORK/data" --out "$WORK/untrained" >/dev/null 2>&1
set +e
err=$(AELAB_PYTHON=/bin/false "$AELAB" export --checkpoint "$WORK/untrained/model.aelab" --format onnx \
  --out "$WORK/untrained/m.onnx" 2>&1 >/dev/null)
status=$?
set -e
[[ $status == 1 && $err == "aelab: ONNX export failed: /bin/false "*" did not succeed (it needs python3-torch and python3-onnx; set AELAB_PYTHON to choose the interpreter)" ]] ||
  { echo "failed ONNX export: exit $status, '$err'" >&2; exit 1; }
if ls "$WORK/untrained" | grep -q "onnx\|tmp"; then echo "a failed ONNX export left files" >&2; exit 1; fi

# Python with torch takes seconds to start: one check per run, one MSE comparison at the end.
dirs=()
for run in "${runs[@]}"; do
  dir="$WORK/${run// /_}"
  dirs+=("$dir")
  echo "== $run"
  # shellcheck disable=SC2086  # $run is the model and its flags
  "$AELAB" train --model $run --epochs 1 --data "$WORK/data" --out "$dir" >/dev/null 2>"$dir.log"
  "$AELAB" export --checkpoint "$dir/model.aelab" --out "$dir/model.safetensors" >/dev/null
  "$AELAB" export --checkpoint "$dir/model.aelab" --format npz --out "$dir/model.npz" >/dev/null
  "$AELAB" export --checkpoint "$dir/model.aelab" --format onnx --out "$dir/model.onnx" >/dev/null 2>"$dir.onnx.log"
  "$AELAB" encode --checkpoint "$dir/model.aelab" --data "$WORK/data" --out "$dir/codes.npy" \
    --reconstructions "$dir/recon.npy" >/dev/null
  "$PY" "$HERE/torch_roundtrip.py" check "$dir" "$WORK/data"
  node "$HERE/onnx_reconstruct.mjs" "$dir/model.onnx" "$WORK/data" "$dir/recon.npy"
  for ext in safetensors npz; do
    "$AELAB" import --from "$dir/torch.$ext" --out "$dir/imported-$ext" >/dev/null
    "$AELAB" eval --checkpoint "$dir/imported-$ext/model.aelab" --data "$WORK/data" >"$dir/eval-$ext.json"
  done
done
"$PY" "$HERE/torch_roundtrip.py" mse "${dirs[@]}"
echo "all ${#runs[@]} runs match"
