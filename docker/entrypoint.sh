#!/bin/sh
# The image's entry point: java with the natives unpacked at build time, then barcast with the container's arguments.
# JavaCPP uses a cache directory only if it is writable, so its cache is a directory of links on /tmp to the
# libraries in /app/javacpp (nothing is copied; the libraries load from /app, so /tmp may be noexec).
cache="${TMPDIR:-/tmp}/javacpp"
if mkdir -p "$cache" 2>/dev/null; then
  ln -sfn /app/javacpp/* "$cache"/
else
  echo "barcast: cannot create $cache (mount a writable /tmp): training will fail to load ND4J" >&2
fi
exec java --add-modules jdk.incubator.vector \
  -Dorg.bytedeco.javacpp.cachedir="$cache" -Dorg.bytedeco.javacpp.canCreateSymbolicLink=false \
  -Djava.library.path=/app/native -DZstdNativePath=/app/native/libzstd-jni.so \
  -Dorg.xerial.snappy.lib.path=/app/native -Dorg.xerial.snappy.lib.name=libsnappyjava.so \
  $JAVA_OPTS -jar /app/barcast.jar "$@"
