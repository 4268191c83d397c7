#!/usr/bin/env bash
# Builds what bench/device_check.sh needs on a machine without a JDK or Maven, under bench/out/:
# jre/ (jlink'ed runtime), devlib/ (runtime jars without the report ones, SQLite with only its
# linux-x64 natives, ONNX Runtime with
# only its linux-x64 natives), devclasses/ (BareOrt compiled). target/classes comes from mvn compile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o -DskipTests package
rm -rf bench/out/jre bench/out/devlib bench/out/devclasses
mkdir -p bench/out/devlib bench/out/devclasses
for j in target/lib/*.jar; do
  case "$(basename "$j")" in
    postgresql*|jfree*|org.jfree*|imageio*|common-*|checker*) ;;
    sqlite*) cp "$j" bench/out/devlib/   # the store, so the device's cases come back as a results file
      zip -q -d "bench/out/devlib/$(basename "$j")" 'org/sqlite/native/Windows/*' 'org/sqlite/native/Mac/*' \
        'org/sqlite/native/FreeBSD/*' 'org/sqlite/native/Linux-*' 'org/sqlite/native/Linux/a*' \
        'org/sqlite/native/Linux/r*' 'org/sqlite/native/Linux/p*' 'org/sqlite/native/Linux/x86/*' ;;
    onnxruntime*) cp "$j" bench/out/devlib/
      zip -q -d "bench/out/devlib/$(basename "$j")" 'ai/onnxruntime/native/osx*' 'ai/onnxruntime/native/win*' \
        'ai/onnxruntime/native/linux-aarch64*' ;;
    *) cp "$j" bench/out/devlib/ ;;
  esac
done
jlink --add-modules java.base,java.logging,java.sql,jdk.unsupported,java.management,java.naming,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output bench/out/jre
javac -d bench/out/devclasses -cp "target/lib/*" bench/BareOrt.java
du -sh bench/out/jre bench/out/devlib target/classes
