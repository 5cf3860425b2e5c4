#!/usr/bin/env bash
# The GPU check, run on a machine with an NVIDIA GPU, a pip CUDA PyTorch and g++ but no Java and no network, from the
# repository root with the carry bundle in gpu-bundle/ (tools/gpu/bundle.sh makes it; docs/gpu.md):
#
#   bash tools/gpu/device-run.sh            results in $OUT (default ./gpu-out)
#
# 1. unpacks the Java runtime, the jars and DJL's JNI kit into a scratch folder;
# 2. builds libdjl_torch.so against the machine's torch with tools/gpu/build-jni.sh (C++17, else C++20) and puts it
#    into torch/lib, where DJL loads it from (PYTORCH_LIBRARY_PATH);
# 3. bench parity: the random model's logits on the GPU against the CPU of the same process;
# 4. bench random on the GPU, then on the CPU with every core, at batch 1 to 256.
# Writes $OUT/device-run.log (everything), parity.txt, bench-gpu.md, bench-cpu.md and libdjl_torch.so.
# Environment: PYTHON (default python3, the one that imports torch), TORCH_DIR (a libtorch folder with include/ and
# lib/, instead of asking python), ROWS (default 512), CPU_ROWS (default 256), BATCH_SIZES (default
# 1,8,32,64,128,256), SKIP_CPU=1 to leave out the CPU run, DEVICE=cpu for a rehearsal on a machine without a GPU
# (parity then compares the CPU with itself).
set -uo pipefail

out="${OUT:-$PWD/gpu-out}"
bundle="${BUNDLE:-$PWD/gpu-bundle}"
python="${PYTHON:-python3}"
rows="${ROWS:-512}" cpu_rows="${CPU_ROWS:-256}" batch_sizes="${BATCH_SIZES:-1,8,32,64,128,256}"
device="${DEVICE:-gpu}"
work="${WORK:-/tmp/exitwise-gpu}"
mkdir -p "$out" "$work"
exec > >(tee -a "$out/device-run.log") 2>&1
step() { echo; echo "== $(date -u +%H:%M:%S) $*"; }
fail() { echo "device-run: $*"; exit 1; }

step "machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
echo "$(nproc) processors"
if [[ -z "${TORCH_DIR:-}" ]]; then
  torch_dir="$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')" \
    || fail "$python cannot import torch (set PYTHON, or TORCH_DIR to a folder with include/ and lib/)"
  "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.is_available())'
else
  torch_dir="$TORCH_DIR"
fi
cudart="$(find "$(dirname "$torch_dir")/nvidia" -name 'libcudart.so*' 2>/dev/null | sort | tail -n 1)"
echo "torch: $torch_dir; cudart: ${cudart:-none found}"

step "unpack $bundle"
for part in jre jars djl-jni-kit; do
  [[ -f "$bundle/$part.tar.xz" ]] || fail "no $bundle/$part.tar.xz: run tools/gpu/bundle.sh and carry gpu-bundle"
done
rm -rf "$work/jre" "$work/lib" "$work/djl" && mkdir -p "$work/jre" "$work/lib"
tar -C "$work/jre" -xJf "$bundle/jre.tar.xz" && tar -C "$work/lib" -xJf "$bundle/jars.tar.xz" \
  && tar -C "$work" -xJf "$bundle/djl-jni-kit.tar.xz" || fail "cannot unpack the bundle"

step "build libdjl_torch.so against $torch_dir"
build() {
  bash tools/gpu/build-jni.sh --djl-src "$work/djl" --jni-header "$work/djl/jni-header" --torch "$torch_dir" \
    --out "$work/jni" --std "$1" --install
}
build 17 || build 20 || fail "the JNI library did not build"
cp "$work/jni/libdjl_torch.so" "$work/jni/libdjl_torch.properties" "$out/"

# One launcher, so that every step runs the same Java, class path and CUDA runtime folder.
export PYTORCH_LIBRARY_PATH="$torch_dir/lib" EXITWISE_DJL_CACHE_DIR="$work/djl-cache" OMP_WAIT_POLICY=PASSIVE
jna=""
[[ -n "$cudart" ]] && jna="-Djna.library.path=$(dirname "$cudart")"
printf '#!/usr/bin/env bash\nexec "%s" -Xmx8g %s -cp "%s" dev.exitwise.cli.Exitwise "$@"\n' \
  "$work/jre/bin/java" "$jna" "$work/lib/*" > "$work/exitwise"
chmod +x "$work/exitwise"
threads="$(nproc)"

step "bench parity: $device against cpu"
timeout 120 "$work/exitwise" bench parity --device "$device" --reference-device cpu --threads "$threads" \
  | tee "$out/parity.txt"
parity=${PIPESTATUS[0]}

step "bench random on $device"
timeout 240 "$work/exitwise" bench random --device "$device" --threads "$threads" --batch-sizes "$batch_sizes" \
  --rows "$rows" | tee "$out/bench-$device.md"

if [[ "${SKIP_CPU:-0}" != 1 && "$device" != cpu ]]; then
  step "bench random on the cpu, $threads threads"
  timeout 150 "$work/exitwise" bench random --device cpu --threads "$threads" --batch-sizes "$batch_sizes" \
    --rows "$cpu_rows" | tee "$out/bench-cpu.md"
fi
step "done; parity exit code $parity"
exit "$parity"
