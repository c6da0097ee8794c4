#!/usr/bin/env bash
# Builds .device-kit/ for one prepared run on a lent GPU machine, which has no Java and no network:
#   jre.tar.xz   a jlink'ed Java 17 runtime (the modules the CLI uses)
#   app.tar.xz   target/seedframe.jar and its runtime jars, without JavaFX (the CLI needs none) and without the
#                bundled CPU libtorch (the GPU machine's own libtorch is the one under test); native libraries of
#                other platforms are dropped from the jars
#   ref.seedframe  a project made here on the CPU (float32) with the tiny model, which the GPU run replays
# Then it checks that the working tree plus the kit fit the device tool's 64 MiB.
# Usage: packaging/device/make-kit.sh   (from anywhere; uses mvn -o when MVN_OFFLINE=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=.device-kit
LIMIT=$((64 * 1024 * 1024))

mvn -q ${MVN_OFFLINE:+-o} package -DskipTests
rm -rf "$KIT" && mkdir -p "$KIT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The runtime: java.desktop for ImageIO (image inputs), jdk.management for the memory probe.
jlink --add-modules java.base,java.desktop,java.sql,java.logging,java.naming,java.management,jdk.management,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=0 --output "$work/jre"
find "$work/jre" -name '*.so' -exec strip --strip-unneeded {} +
XZ_OPT=-9 tar -C "$work" -cJf "$KIT/jre.tar.xz" jre

# 2. The application: jars the CLI loads, trimmed to linux-x86_64 natives.
mkdir -p "$work/app/lib"
for jar in target/seedframe.jar target/lib/*.jar; do
    case "$(basename "$jar")" in
        javafx-* | controlsfx-* | ikonli-* | pytorch-native-cpu-*) continue ;;
    esac
    cp "$jar" "$work/app/lib/"
done
mv "$work/app/lib/seedframe.jar" "$work/app/"
python3 - "$work/app/lib" <<'PY'
import os, sys, zipfile
lib = sys.argv[1]
# entries of other platforms, per jar name prefix
drop = {
    "tokenizers-": lambda n: n.startswith("native/lib/") and "/linux-x86_64/" not in n and not n.endswith(".properties"),
    "sqlite-jdbc-": lambda n: n.startswith("org/sqlite/native/") and not n.startswith("org/sqlite/native/Linux/x86_64/"),
    "pytorch-jni-": lambda n: n.startswith("jnilib/") and n.endswith(".so") and "/linux-x86_64/" not in n,
    "jna-": lambda n: n.startswith("com/sun/jna/") and n.endswith((".so", ".dll", ".jnilib", ".a", ".dylib"))
            and "/linux-x86-64/" not in n,
}
# every jar is rewritten uncompressed (xz packs the whole much tighter than deflated entries)
for name in os.listdir(lib):
    rule = next((r for p, r in drop.items() if name.startswith(p)), lambda n: False)
    src = os.path.join(lib, name)
    tmp = src + ".tmp"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            if not rule(item.filename):
                data = zin.read(item.filename)
                item.compress_type = zipfile.ZIP_STORED
                zout.writestr(item, data)
    os.replace(tmp, src)
PY
XZ_OPT=-9 tar -C "$work" -cJf "$KIT/app.tar.xz" app

# 3. The CPU float32 references: the tiny model, true CFG, as the GPU run will replay them.
sf() { java -cp "target/seedframe.jar:target/lib/*" dev.seedframe.app.Main "$@"; }
for seed in 1 2; do
    sf generate --project "$KIT/ref.seedframe" --prompt "a lighthouse on a cliff at dawn" --negative-prompt " " \
        --seed "$seed" --steps 6 --cfg 4 --width 256 --height 256 --out "$work/ref-$seed.png" >/dev/null
done
sf generate --project "$KIT/ref.seedframe" --prompt "一只橘猫坐在窗台上" --negative-prompt " " \
    --seed 3 --steps 6 --cfg 4 --width 192 --height 320 --out "$work/ref-3.png" >/dev/null

tracked=$(git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s+=$1} END {print s}')
untracked=$(git ls-files -z --others --exclude-standard | xargs -0 -r stat -c %s | awk '{s+=$1} END {print s+0}')
kit=$(du -sb "$KIT" | cut -f1)
total=$((tracked + untracked + kit))
printf 'kit %.1f MiB (%s), tree %.1f MiB, together %.1f MiB of %d MiB\n' "$(echo "$kit/1048576" | bc -l)" \
    "$(cd "$KIT" && ls | tr '\n' ' ')" "$(echo "($tracked+$untracked)/1048576" | bc -l)" \
    "$(echo "$total/1048576" | bc -l)" $((LIMIT / 1048576))
if [ "$total" -gt "$LIMIT" ]; then
    echo "too large for one device call: make the call from the slim branch (packaging/device/README.md)" >&2
    exit 1
fi
