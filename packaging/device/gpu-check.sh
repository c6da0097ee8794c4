#!/usr/bin/env bash
# The one prepared call on a lent GPU machine (packaging/device/README.md). Run from the repository root there,
# with .device-kit carried (packaging/device/make-kit.sh). It answers, in order of value, stopping each stage
# at its time limit and skipping what no longer fits in BUDGET_S:
#   1. does DJL 0.35.1's cu128 JNI library link against the machine's libtorch? (the loader's own words)
#   2. `seedframe devices` on that libtorch (PYTORCH_LIBRARY_PATH)
#   3. the tiny model on CUDA: the CPU float32 project replayed in f32, bf16, and bf16 with batched CFG
#   4. `bench --full-size` (60 blocks, random weights) per memory mode at 1024² and 1328²
# Logs go to $OUT (or /tmp/sf-out); a short table is printed last.
# On a machine without a GPU (a dry run here): TORCH_LIB=<a CPU libtorch 2.7.1 folder> DEVICE=cpu LAYERS=1.
set -uo pipefail
START=$(date +%s)
BUDGET_S=${BUDGET_S:-540}
OUT=${OUT:-/tmp/sf-out}
KIT=${KIT:-.device-kit}
WORK=${WORK:-/tmp/sf}
DEVICE=${DEVICE:-gpu}
LAYERS=${LAYERS:-60}
PEAK=${PEAK_TFLOPS:-788}   # bf16 matrix rate measured on this workplace's H200s (device tool's KINDS.md)
mkdir -p "$OUT" "$WORK"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
elapsed() { echo $(($(date +%s) - START)); }
left() { echo $((BUDGET_S - $(elapsed))); }

say "== $(date -u +%FT%TZ) on $(hostname), budget ${BUDGET_S}s"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu: /' | tee -a "$SUMMARY"
if [ -z "${TORCH_LIB:-}" ]; then
    TORCH_LIB=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
fi
say "torch: $(python3 -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)' 2>/dev/null || echo none), lib $TORCH_LIB"

# unpack the runtime and the application
for part in jre app; do
    python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$KIT/$part.tar.xz" "$WORK" \
        || { say "cannot unpack $KIT/$part.tar.xz"; exit 1; }
done
JAVA="$WORK/jre/bin/java"
export DJL_CACHE_DIR="$WORK/djl"
export PYTORCH_LIBRARY_PATH="$TORCH_LIB"
SF="$WORK/seedframe"
printf '#!/bin/sh\nexec "%s" -Xmx24g -cp "%s/app/seedframe.jar:%s/app/lib/*" dev.seedframe.app.Main "$@"\n' \
    "$JAVA" "$WORK" "$WORK" >"$SF"
chmod +x "$SF"
say "java: $("$JAVA" -version 2>&1 | head -1)"

# 1. the JNI library against this libtorch, before Java tries it
JNI="$WORK/libdjl_torch.so"
flavor=cpu
[ -e "$TORCH_LIB/libtorch_cuda.so" ] && flavor=cu128
python3 - "$WORK/app/lib" "$flavor" "$JNI" <<'PY'
import glob, sys, zipfile
jar = glob.glob(sys.argv[1] + "/pytorch-jni-*.jar")[0]
with zipfile.ZipFile(jar) as z, open(sys.argv[3], "wb") as f:
    f.write(z.read("jnilib/linux-x86_64/%s/libdjl_torch.so" % sys.argv[2]))
PY
LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd -r "$JNI" >"$OUT/jni-ldd.txt" 2>&1
lddrc=$?
missing=$(grep -c "undefined symbol" "$OUT/jni-ldd.txt")
notfound=$(grep -c "not found" "$OUT/jni-ldd.txt")
grep "undefined symbol" "$OUT/jni-ldd.txt" | sed 's/.*undefined symbol: \([^ \t]*\).*/\1/' | sort -u >"$OUT/jni-undefined.txt"
(command -v c++filt >/dev/null && c++filt <"$OUT/jni-undefined.txt" >"$OUT/jni-undefined-demangled.txt") || true
say "jni ($flavor): $missing undefined symbols, $notfound libraries not found (ldd -r; list in jni-undefined*.txt)"
head -5 "$OUT/jni-undefined-demangled.txt" 2>/dev/null | sed 's/^/  missing: /' | tee -a "$SUMMARY"
grep "not found" "$OUT/jni-ldd.txt" | head -5 | sed 's/^/  /' | tee -a "$SUMMARY"
[ $lddrc -ne 0 ] && head -3 "$OUT/jni-ldd.txt" | sed 's/^/  ldd: /' | tee -a "$SUMMARY"

# 2. the engine on this libtorch
timeout 120 "$SF" devices >"$OUT/devices.txt" 2>&1
rc=$?
sed 's/^/  /' "$OUT/devices.txt" | tee -a "$SUMMARY" >/dev/null
say "devices: exit $rc"
head -c 2000 "$OUT/devices.txt"
if [ $rc -ne 0 ]; then
    say "the engine does not start on this libtorch: stopping (the reason is above and in devices.txt)"
    (cd "$OUT" && ls | grep -v -e '^summary.txt$' | tar -czf logs.tar.gz --remove-files -T -) || true
    exit 0
fi

# 3. the tiny model: replay the CPU float32 project on the device
cp "$KIT/ref.seedframe" "$WORK/ref.seedframe"
run_replay() { # label, extra options...
    local label=$1; shift
    [ "$(left)" -gt 60 ] || { say "replay $label: skipped (time)"; return; }
    timeout 180 "$SF" replay --project "$WORK/ref.seedframe" --all --device "$DEVICE" "$@" \
        >"$OUT/replay-$label.txt" 2>&1
    say "replay $label (exit $?):"
    grep -E "^#|identical|PSNR|drift|device" "$OUT/replay-$label.txt" | head -12 | sed 's/^/  /' | tee -a "$SUMMARY" >/dev/null
}
run_replay f32 --precision f32
run_replay bf16 --precision bf16
run_replay bf16-batched --precision bf16 --cfg-batching batched

# 4. the full-size transformer, random weights written once
bench() { # label, need_s, options...
    local label=$1 need=$2; shift 2
    [ "$(left)" -gt "$need" ] || { say "bench $label: skipped (time: $(left)s left, needs ~${need}s)"; return; }
    local t0=$(date +%s)
    timeout "$(left)" "$SF" bench --full-size --layers "$LAYERS" --device "$DEVICE" --weights-dir "$WORK/weights" \
        --peak-tflops "$PEAK" "$@" >"$OUT/bench-$label.txt" 2>&1
    local rc=$?
    say "bench $label (exit $rc, $(($(date +%s) - t0)) s):"
    grep -E "^(engine|checkpoint|load|step|extrapolated|throughput|memory|device|output|error)" "$OUT/bench-$label.txt" \
        | sed 's/^/  /' | tee -a "$SUMMARY" >/dev/null
}
bench resident-1024 150 --size 1024 --steps 2 --precision bf16 --memory-mode resident
bench int8-1328 90 --size 1328 --steps 2 --precision f32 --memory-mode int8
bench resident-1328 60 --size 1328 --steps 2 --precision bf16 --memory-mode resident
bench stream-1024 60 --size 1024 --steps 1 --precision bf16 --memory-mode stream-blocks
bench int8-1024 60 --size 1024 --steps 2 --precision f32 --memory-mode int8
bench stream-1328 60 --size 1328 --steps 1 --precision bf16 --memory-mode stream-blocks
bench offload-1024 60 --size 1024 --steps 2 --precision bf16 --memory-mode offload-text-encoder

# the device tool returns at most eight files: keep the summary beside one archive of every log
(cd "$OUT" && ls | grep -v -e '^summary.txt$' -e '^logs.tar.gz$' | tar -czf logs.tar.gz --remove-files -T -) || true
echo
echo "======== summary ($(elapsed) s) ========"
cat "$SUMMARY"
