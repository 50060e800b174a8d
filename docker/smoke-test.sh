#!/usr/bin/env bash
# Smoke test of the image, hardened as in production: builds it, starts Barcast's embedded broker on localhost,
# runs the service with --read-only --tmpfs /tmp --network host and a state volume, replays the bundled bars with
# the image's replay command, then checks health, predictions, the writable layer, `docker stop` and a restart on
# the same volume. Prints one line per figure (docs/deployment.md records them). Needs Docker, Java 17 and Maven.
#   docker/smoke-test.sh    SMOKE_THREADS=2 (training.threads), SMOKE_RATE=50 (bars/s), SMOKE_SKIP_BUILD=1 (reuse the image),
#                           SMOKE_READ_ONLY=0 (the service on a writable root file system)
set -euo pipefail
cd "$(dirname "$0")/.."

image=${SMOKE_IMAGE:-barcast:local}
threads=${SMOKE_THREADS:-1}
hardening="--read-only --tmpfs /tmp"   # SMOKE_READ_ONLY=0: a writable root, to see what the service writes there
[ "${SMOKE_READ_ONLY:-1}" = 0 ] && hardening=
rate=${SMOKE_RATE:-100}               # bars/s of each replay (0: as fast as possible, which leaves few retrains)
broker_port=${SMOKE_BROKER_PORT:-19092}
http_port=${SMOKE_HTTP_PORT:-18080}   # set with --set, not BARCAST_HTTP_PORT: the HEALTHCHECK must find it all the same
name=barcast-smoke
volume=barcast-smoke-state
work=$(mktemp -d)
broker_pid=
fail() { echo "FAIL: $*" >&2; docker logs --tail 40 "$name" >&2 2>/dev/null || true; exit 1; }
cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker volume rm "$volume" >/dev/null 2>&1 || true
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
metric() { curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" { s += $2 } END { printf "%d", s }'; }
wait_for() { # seconds description command...
  local limit=$1 what=$2; shift 2
  local end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$end" ] || fail "$what not within $limit s"; sleep 0.5; done
}
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ]; }
ready() { curl -fsS "http://127.0.0.1:$http_port/ready"; }
start_service() {
  docker run -d --name "$name" $hardening --network host -v "$volume:/var/lib/barcast" \
    -e BARCAST_KAFKA_BOOTSTRAP_SERVERS="localhost:$broker_port" -e BARCAST_HTTP_BIND_ADDRESS=127.0.0.1 \
    -e BARCAST_KAFKA_GROUP_INSTANCE_ID=barcast-smoke-0 -e BARCAST_TRAINING_THREADS="$threads" \
    --health-interval 1s --health-start-period 120s "$image" \
    run --config /etc/barcast/application.properties --set "http.port=$http_port" > /dev/null
}
peak_mib() { # the container's cgroup peak (v1 memory.max_usage_in_bytes, v2 memory.peak)
  local id f; id=$(docker inspect -f '{{.Id}}' "$name")
  for f in /sys/fs/cgroup/memory/docker/"$id"/memory.max_usage_in_bytes /sys/fs/cgroup/system.slice/docker-"$id".scope/memory.peak; do
    [ -r "$f" ] && { echo $(( $(cat "$f") / 1048576 )); return; }
  done
  echo "?"
}

cgroup_dir() { # the container's memory cgroup (v1 or v2)
  local id; id=$(docker inspect -f '{{.Id}}' "$name")
  for d in /sys/fs/cgroup/memory/docker/"$id" /sys/fs/cgroup/system.slice/docker-"$id".scope; do [ -d "$d" ] && { echo "$d"; return; }; done
}
sample_memory() { # the highest working set (usage less inactive file cache, as docker stats and the kubelet count it), in MiB
  local d max=0 ws; d=$(cgroup_dir) || return 0
  while [ -d "$d" ]; do
    if [ -r "$d/memory.usage_in_bytes" ]; then
      ws=$(( $(cat "$d/memory.usage_in_bytes") - $(awk '$1 == "total_inactive_file" { print $2 }' "$d/memory.stat") ))
    else
      ws=$(( $(cat "$d/memory.current") - $(awk '$1 == "inactive_file" { print $2 }' "$d/memory.stat") ))
    fi
    [ "$ws" -gt "$max" ] && { max=$ws; echo $(( max / 1048576 )) > "$work/working-set"; }
    sleep 1
  done 2>/dev/null
}

[ -f target/barcast.jar ] || mvn -B -q package -DskipTests -Dmaven.test.skip=true
if [ -z "${SMOKE_SKIP_BUILD:-}" ]; then
  t=$(now)
  docker build -q --network host -f docker/Dockerfile -t "$image" . > /dev/null
  echo "build: $(since "$t") s"
fi
echo "image size: $(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1e6 }')"

docker rm -f "$name" >/dev/null 2>&1 || true
docker volume rm "$volume" >/dev/null 2>&1 || true
java -cp "target/barcast.jar:target/lib/*" docker/SmokeBroker.java "$broker_port" "$work/broker" > "$work/broker.log" 2>&1 &
broker_pid=$!
wait_for 90 "broker" grep -q '^ready' "$work/broker.log"

t=$(now)
start_service
sample_memory &
wait_for 180 "healthy (HEALTHCHECK on http.port=$http_port)" healthy
echo "time to healthy: $(since "$t") s"
wait_for 60 "ready" ready
echo "time to ready: $(since "$t") s"

t=$(now)
for csv in sp500 aapl; do
  docker run --rm --read-only --tmpfs /tmp --network host "$image" \
    replay --bootstrap "localhost:$broker_port" --csv "$csv" --rate "$rate" > "$work/replay-$csv.log" 2>&1 || { cat "$work/replay-$csv.log"; fail "replay $csv"; }
done
bars=$(grep -ho 'Replayed [0-9]* bars' "$work"/replay-*.log | awk '{ s += $2 } END { print s }')
echo "replayed: $bars bars in $(since "$t") s"
wait_for 600 "a prediction for SPX" curl -fsS "http://127.0.0.1:$http_port/predictions/SPX"
seen() { echo $(( $(metric barcast_bars_ingested_total) + $(metric barcast_bars_rejected_total) + $(metric barcast_bars_duplicate_total) )); }
idle() { [ "$(seen)" -ge "$bars" ] && [ "$(metric barcast_training_queue_depth)" = 0 ] \
  && [ "$(metric barcast_training_jobs_running)" = 0 ]; }
wait_for 1800 "all bars ingested and training idle" idle
sleep 3; idle || wait_for 1800 "training idle" idle
echo "all bars ingested, training idle: $(since "$t") s after the replay started; $(metric barcast_training_jobs_total) training jobs"
curl -fsS "http://127.0.0.1:$http_port/predictions/AAPL" > /dev/null || fail "no prediction for AAPL"
[ "$(metric barcast_model_version)" -gt 0 ] || fail "no model trained"
if docker logs "$name" 2>&1 | grep -E "UnsatisfiedLinkError|Could not load|ERROR"; then fail "errors in the log"; fi
echo "/tmp used: $(docker exec "$name" du -sk /tmp | awk '{ printf "%d kB", $1 }')"
echo "memory (training.threads=$threads): working set peak $(cat "$work/working-set") MiB, cgroup peak with page cache $(peak_mib) MiB"
echo "writable layer: $(docker container inspect --size -f '{{.SizeRw}}' "$name" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
healthy || fail "unhealthy after the replay"

t=$(now)
docker stop "$name" > /dev/null
stop_s=$(since "$t")
echo "docker stop: $stop_s s (exit code $(docker inspect -f '{{.State.ExitCode}}' "$name"))"
awk -v s="$stop_s" 'BEGIN { exit !(s < 10) }' || fail "docker stop took $stop_s s (>= 10 s: killed)"
docker rm "$name" > /dev/null

t=$(now)
start_service
wait_for 180 "ready after the restart" ready
echo "restart to ready (same volume): $(since "$t") s"
curl -fsS "http://127.0.0.1:$http_port/predictions/SPX" > /dev/null || fail "no prediction for SPX after the restart"
echo "smoke test passed"
