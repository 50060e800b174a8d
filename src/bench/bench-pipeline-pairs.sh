#!/usr/bin/env bash
# Interleaved `bench pipeline` runs of several jars, so that they share the machine's drift:
#   src/bench/bench-pipeline-pairs.sh CYCLES LABEL=JAR [LABEL=JAR ...]
# Prints, per cycle and jar, the full pipeline's µs a bar in rounds 2 and 3, then each jar's means.
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
    grep "full pipeline  [0-9,]* records" "$out/$label.$i" | tail -2 | sed 's/.*: //; s/ records.s//; s/,//g' \
      | awk -v c="$i" -v l="$label" '{us[NR]=1e6/$1} END {printf "%s %s %.1f %.1f\n", c, l, us[1], us[2]}'
  done
done | tee "$out/all"
echo "means (µs a bar, round 2 / round 3):"
awk '{n[$2]++; a[$2]+=$3; b[$2]+=$4} END {for (l in n) printf "  %s %.1f / %.1f\n", l, a[l]/n[l], b[l]/n[l]}' "$out/all"
rm -rf "$out"
