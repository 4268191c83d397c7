#!/usr/bin/env bash
# Builds what bench/device_check.sh needs on a machine without a JDK or Maven, under bench/out/:
# jre/ (jlink'ed runtime), devlib/ (runtime jars without the store/report ones, ONNX Runtime with
# only its linux-x64 natives), devclasses/ (BareOrt compiled). target/classes comes from mvn compile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o -DskipTests package
rm -rf bench/out/jre bench/out/devlib bench/out/devclasses
mkdir -p bench/out/devlib bench/out/devclasses
for j in target/lib/*.jar; do
  case "$(basename "$j")" in
    sqlite*|postgresql*|jfree*|org.jfree*|imageio*|common-*|checker*) ;;
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
