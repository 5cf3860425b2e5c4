#!/usr/bin/env bash
# Builds DJL's PyTorch JNI library (libdjl_torch.so) from a DJL source checkout that you provide, against an
# installed libtorch, so that exitwise can run on that PyTorch (a pip CUDA build on a GPU host, say) instead of the
# 2.7.1 CPU natives from Maven Central. DJL's shipped JNI cannot be used with another libtorch: libtorch keeps no
# C++ ABI across minor versions. No CUDA toolkit is needed: the JNI calls libtorch, which brings its own CUDA.
#
#   tools/gpu/build-jni.sh --djl-src DJL_CHECKOUT --torch TORCH_DIR [--out DIR] [--install | --link-torch]
#
# The result, DIR/libdjl_torch.so and DIR/libdjl_torch.properties (the torch version it was built against), is what
# exitwise's start-up check reads; docs/gpu.md has the whole route. Compiles the sources in parallel with g++.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tools/gpu/build-jni.sh --djl-src DIR --torch DIR [options]

  --djl-src DIR        DJL source checkout of the DJL version exitwise uses (0.36.0: git tag v0.36.0); needs
                       engines/pytorch/pytorch-native/src/main/native and api/src/main/native
  --torch DIR          the PyTorch to build against: a pip 'torch' package folder or a libtorch folder, each
                       with include/ and lib/
  --torch-include DIR  headers, where they are not DIR/include (a system install: /usr/include)
  --torch-lib DIR      libtorch.so's folder, where it is not DIR/lib (/usr/lib/x86_64-linux-gnu)
  --out DIR            where to write libdjl_torch.so (default: ./build/djl-jni)
  --jni-header DIR     a folder holding ai_djl_pytorch_jni_PyTorchLibrary.h made earlier (javac -h); without it
                       the header is made here with javac (a machine without a JDK needs it)
  --std 17|20          C++ standard (default 17; newer torch headers may need 20)
  --jobs N             parallel compilations (default: nproc)
  --install            copy libdjl_torch.so into the torch lib folder: PYTORCH_LIBRARY_PATH is then that folder
  --link-torch         link libtorch's libraries into --out, which becomes PYTORCH_LIBRARY_PATH (for a system
                       libtorch whose lib folder holds every other library too)
  -h, --help           this text
EOF
}

die() { echo "build-jni: $*" >&2; exit 2; }

djl_src="" torch="" torch_include="" torch_lib="" out="build/djl-jni" jni_header="" std=17 jobs="$(nproc)"
mode=plain
while [[ $# -gt 0 ]]; do
  case "$1" in
    --djl-src) djl_src="$2"; shift 2 ;;
    --torch) torch="$2"; shift 2 ;;
    --torch-include) torch_include="$2"; shift 2 ;;
    --torch-lib) torch_lib="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --jni-header) jni_header="$2"; shift 2 ;;
    --std) std="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --install) mode=install; shift ;;
    --link-torch) mode=link; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

[[ -n "$djl_src" ]] || die "--djl-src is required (a DJL source checkout; see --help)"
[[ -n "$torch" || ( -n "$torch_include" && -n "$torch_lib" ) ]] || die "--torch (or --torch-include and --torch-lib) is required"
[[ "$std" == 17 || "$std" == 20 ]] || die "--std must be 17 or 20, got '$std'"
torch_include="${torch_include:-$torch/include}"
torch_lib="${torch_lib:-$torch/lib}"
native_src="$djl_src/engines/pytorch/pytorch-native/src/main/native"
utils_include="$djl_src/api/src/main/native"
library_java="$djl_src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"

[[ -d "$native_src" ]] || die "no DJL JNI sources at $native_src: is --djl-src a DJL checkout?"
[[ -f "$utils_include/djl/utils.h" ]] || die "no $utils_include/djl/utils.h in the DJL checkout"
[[ -f "$torch_lib/libtorch.so" ]] || die "no libtorch.so in $torch_lib"
version_header="$torch_include/torch/csrc/api/include/torch/version.h"
[[ -f "$version_header" ]] || die "no torch headers: $version_header is missing (a system install needs libtorch-dev)"

# The torch version from its own header: TORCH_VERSION_MAJOR/MINOR/PATCH.
version_part() { sed -n "s/^#define TORCH_VERSION_$1 \([0-9]*\).*/\1/p" "$version_header"; }
torch_version="$(version_part MAJOR).$(version_part MINOR).$(version_part PATCH)"
[[ "$torch_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the torch version from $version_header"

# libtorch's C++ ABI flag, from its CMake config (pip and libtorch builds since 2.7 use the new ABI).
abi=1
torch_config="$(find "$torch_lib" "$(dirname "$torch_lib")" -maxdepth 5 -name TorchConfig.cmake 2>/dev/null | head -n 1 || true)"
if [[ -n "$torch_config" ]] && grep -q "_GLIBCXX_USE_CXX11_ABI=0" "$torch_config"; then
  abi=0
fi

# DJL's sources switch some includes for torch 1.13 to 2.1 (older variant headers).
defines=()
if [[ "$torch_version" =~ ^(1\.13|2\.0|2\.1)\. ]]; then
  defines+=(-DV1_13_X)
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -z "$jni_header" ]]; then
  command -v javac >/dev/null || die "no javac: pass --jni-header with a header made on a machine with a JDK"
  [[ -f "$library_java" ]] || die "no $library_java in the DJL checkout"
  javac -h "$work/include" -d "$work/classes" "$library_java"
  jni_header="$work/include"
fi
[[ -f "$jni_header/ai_djl_pytorch_jni_PyTorchLibrary.h" ]] || die "no ai_djl_pytorch_jni_PyTorchLibrary.h in $jni_header"

java_home="${JAVA_HOME:-}"
if [[ -z "$java_home" ]] && command -v javac >/dev/null; then
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
jni_include=()
if [[ -f "$jni_header/jni.h" ]]; then
  jni_include=(-I"$jni_header")   # a carried copy of the JDK's jni.h and jni_md.h (tools/gpu/bundle.sh)
elif [[ -n "$java_home" && -f "$java_home/include/jni.h" ]]; then
  jni_include=(-I"$java_home/include" -I"$java_home/include/linux")
else
  die "no jni.h: set JAVA_HOME to a JDK, or put jni.h and jni_md.h next to the JNI header"
fi

echo "build-jni: DJL JNI against torch $torch_version ($torch_lib), C++$std, ABI $abi, $jobs jobs"
flags=(-O2 -fPIC -std=c++"$std" -D_GLIBCXX_USE_CXX11_ABI="$abi" "${defines[@]}" -w
  -I"$torch_include" -I"$torch_include/torch/csrc/api/include" -I"$utils_include" -I"$jni_header"
  "${jni_include[@]}")
started=$(date +%s)
find "$native_src" -maxdepth 1 -name '*.cc' -print0 \
  | xargs -0 -P "$jobs" -I{} sh -c 'g++ "$@" -c "$0" -o "'"$work"'/$(basename "$0" .cc).o" || exit 255' {} "${flags[@]}"
torch_libs=(-ltorch -ltorch_cpu -lc10)
g++ -shared -o "$out/libdjl_torch.so" "$work"/*.o -L"$torch_lib" "${torch_libs[@]}" -Wl,-rpath-link,"$torch_lib" -Wl,-rpath,'$ORIGIN'
cat > "$out/libdjl_torch.properties" <<EOF
# written by tools/gpu/build-jni.sh: the libtorch this libdjl_torch.so was compiled against
torch_version=$torch_version
torch_lib=$torch_lib
cxx_standard=$std
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
echo "build-jni: built $out/libdjl_torch.so in $(( $(date +%s) - started )) s"

case "$mode" in
  install)
    cp "$out/libdjl_torch.so" "$out/libdjl_torch.properties" "$torch_lib/"
    echo "build-jni: installed into $torch_lib; run with PYTORCH_LIBRARY_PATH=$torch_lib" ;;
  link)
    for lib in libtorch.so libtorch_cpu.so libc10.so libtorch_cuda.so libc10_cuda.so libtorch_global_deps.so; do
      [[ -e "$torch_lib/$lib" ]] && ln -sfn "$(readlink -f "$torch_lib/$lib")" "$out/$lib"
    done
    echo "build-jni: linked libtorch into $out; run with PYTORCH_LIBRARY_PATH=$out" ;;
  plain)
    echo "build-jni: copy libdjl_torch.so next to libtorch.so (or rerun with --install or --link-torch)" ;;
esac
