#!/usr/bin/env bash
# Interleaved `bench pipeline` runs of several jars, so that they share the machine's drift:
#   src/bench/bench-pipeline-pairs.sh CYCLES LABEL=JAR [LABEL=JAR ...]
# Prints, per cycle and jar, the full pipeline's µs a bar in rounds 2 and 3 (wall clock), then the stream threads'
# CPU µs a bar in the same rounds (when the jar's bench prints it), then each jar's means and the CPU figures' spread.
# A jar needs its lib/ beside it, as target/barcast.jar has.
set -euo pipefail
cycles=$1
shift
out=$(mktemp -d)
for i in $(seq 1 "$cycles"); do
  for pair in "$@"; do
    label=${pair%%=*}
    jar=${pair#*=}
    OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx1500m -jar "$jar" bench pipeline > "$out/$label.$i" 2>/dev/null
    wall=$(grep "full pipeline  [0-9,]* records" "$out/$label.$i" | tail -2 | sed 's/.*: //; s/ records.s//; s/,//g' \
      | awk '{printf "%.1f ", 1e6/$1}')
    cpu=$(grep "full pipeline  stream threads' CPU" "$out/$label.$i" | tail -2 | sed 's/.*CPU //; s/ µs.*//' \
      | awk '{printf "%s ", $1}')
    echo "$i $label $wall${cpu:-- -}"
  done
done | tee "$out/all"
echo "means (µs a bar, round 2 / round 3; wall clock, then stream threads' CPU):"
awk '{n[$2]++; a[$2]+=$3; b[$2]+=$4; c[$2]+=$5; d[$2]+=$6; cc[$2]+=$5*$5; dd[$2]+=$6*$6}
     END {for (l in n) printf "  %s wall %.1f / %.1f, CPU %.1f / %.1f (sd %.1f / %.1f, n %d)\n", l, a[l]/n[l], b[l]/n[l],
          c[l]/n[l], d[l]/n[l], sqrt(cc[l]/n[l]-(c[l]/n[l])^2), sqrt(dd[l]/n[l]-(d[l]/n[l])^2), n[l]}' "$out/all"
rm -rf "$out"
