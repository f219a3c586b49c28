#!/usr/bin/env bash
# The artist-controls goal, side by side with the lesson's recipe in PyTorch 1.13, in one sitting.
# Needs: the fat jar (./atelier builds it), Debian python3-torch python3-torchvision python3-scipy python3-pil,
# and ../shared/fixtures and ../shared/reference (the torchvision-layout fixture weights and the reference scripts).
# Usage: docs/bench/style_goal.sh OUTDIR [REF_EVALS]
set -euo pipefail
PY=/usr/bin/python3   # Debian's python, where python3-torch lives
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?output folder}"; ref_evals="${2:-20}"
shared="$here/../shared"
mkdir -p "$out"; cd "$out"
jar="$here/atelier-cli/target/atelier.jar"
J="java -Xmx8g -Dai.djl.offline=true -jar $jar"
export ATELIER_CACHE="$out/store"
$J weights import "$shared/fixtures/vgg16_bn_features_fixture.pth" --as fixture --force > /dev/null
square() { $PY -c "from PIL import Image; import sys; Image.open(sys.argv[1]).convert('RGB').resize((512,512), Image.BICUBIC).save(sys.argv[2])" "$1" "$2"; }
square "$here/examples/content/astronaut.png" astronaut.png
square "$here/examples/style/hokusai-great-wave.jpg" hokusai.png
square "$here/examples/content/chelsea.png" chelsea.png
square "$here/examples/style/van-gogh-village-street-auvers.jpg" vangogh.png
square "$here/examples/content/coffee.png" coffee.png
square "$here/examples/style/kandinsky-composition-viii.jpg" kandinsky.png
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the lesson's recipe in PyTorch: seconds per evaluation at 512 px (its 1000-evaluation run is that times 1000)
$PY "$shared/reference/gatys_ref.py" --content astronaut.png --style hokusai.png --size 512 --max-iter "$ref_evals" \
    --weights "$shared/fixtures/vgg16_bn_features_fixture.pth" --threads 2 --out ref.png --log-json ref.json | tail -2
for pair in "astronaut hokusai" "chelsea vangogh" "coffee kandinsky"; do
  set -- $pair
  name="$1-$2"
  rm -f "$name.png" "$name-preview.png"
  start=$(date +%s.%N)
  ( while [ ! -f "$name-preview.png" ]; do sleep 0.1; done; echo "preview $($PY -c "print(round($(date +%s.%N)-$start,1))") s" > "$name.preview-time" ) &
  watcher=$!
  $J stylize "$1.png" "$2.png" --recipe lesson13 --weights fixture --size 512 -o "$name.png" --preview "$name-preview.png" 2> "$name.log" > /dev/null
  end=$(date +%s.%N)
  sleep 0.3; kill $watcher 2>/dev/null || true; wait $watcher 2>/dev/null || true
  judge_ref=$($PY "$shared/reference/judge_ref.py" --image "$name.png" --content "$1.png" --style "$2.png" \
      --weights "$shared/fixtures/vgg16_bn_features_fixture.pth" --size 512)
  $PY - "$name" "$start" "$end" "$judge_ref" <<'PY'
import json, sys
name, start, end, ref = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
side = json.load(open(name + '.png.json'))
r = json.load(open('ref.json'))
wall = end - start
import os
preview = open(name + '.preview-time').read().strip() if os.path.exists(name + '.preview-time') else 'no preview'
print(f"{name}: wall {wall:.1f} s, evaluations {side['evaluations']}, scales {side['settings']['scales']} "
      f"{side['settings']['scale_evals']}, {preview}")
print(f"  judge (ours) {side['judge']['total']:.0f} (content {side['judge']['content']:.0f}, style {side['judge']['style']:.0f}); "
      f"judge_ref.py {ref['total']:.0f}")
print(f"  PyTorch lesson recipe {r['s_per_eval']:.3f} s/eval -> 1000 evaluations {1000 * r['s_per_eval']:.0f} s; "
      f"ratio {wall / (1000 * r['s_per_eval']):.4f}")
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
