#!/usr/bin/env bash
# A short GPU check (docs/gpu.md): what the engine sees, then one 512-px stylization on the CPU and on the
# GPU, each with its time and judged loss. Needs a CUDA libtorch (PYTORCH_LIBRARY_PATH etc., docs/gpu.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
echo "PYTORCH_LIBRARY_PATH=${PYTORCH_LIBRARY_PATH:-unset} PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-unset}"
for device in cpu gpu; do
  start=$(date +%s.%N)
  if ./atelier stylize examples/content/chelsea.png examples/style/hokusai-great-wave.jpg -o "$out/$device.png" \
      --size 512 --recipe lesson13 --precision fp32 --device "$device" >"$out/$device.log" 2>&1; then
    end=$(date +%s.%N)
    python3 - "$out/$device.png.json" "$device" "$start" "$end" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: device {d['device']}, {d['evaluations']} evaluations, {d['timings']['s_per_eval']:.3f} s/eval, "
      f"optimise {d['timings']['optimize_s']:.1f} s, wall {float(sys.argv[4]) - float(sys.argv[3]):.1f} s, "
      f"judge {d.get('judge', {}).get('total', 'n/a')}")
PY
  else
    echo "$device: failed: $(tail -1 "$out/$device.log")"
  fi
done
