#!/usr/bin/env bash
# A soak the way production runs it: a Kafka broker (KRaft) and an Apicurio registry each in their own process,
# an `exitwise run` process, a capacity probe, then `exitwise soak` at a fraction of that capacity.
#
#   tools/soak/soak.sh [MINUTES] [FRACTION]      defaults: 30 minutes at 0.8 of the measured capacity
#
# SOAK_BACKLOG (default 30000) is the capacity probe's backlog; raise it when the probe warns that it ran out.
#
# Needs `mvn -DskipTests package` first (streams-app/target/exitwise.jar, schemas/target/apicurio-registry). The
# environment passes to `exitwise run` (MALLOC_*, LD_PRELOAD, RUN_JAVA_OPTS for its JVM alone; recorded in environment.txt). Writes everything under target/soak/:
# soak.csv (the samples), capacity.txt, and each process's log; with the bench jar built, the plots too.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
fraction=${2:-0.8}
source tools/soak/processes.sh
start_all soak
env | grep -E "^(MALLOC_|LD_PRELOAD|JAVA_TOOL_OPTIONS|RUN_JAVA_OPTS|OMP_|GOMP_|EXITWISE_|SOAK_)" | sort > "$work/environment.txt" \
    || true

# Capacity: a backlog far larger than a minute's work, sent unpaced; the classified rate over a 60 s window after
# a 20 s warm-up is the pipeline's capacity on this machine.
backlog=${SOAK_BACKLOG:-30000}
java -jar "$jar" produce --config "$work/exitwise.properties" --dataset emotions --events $backlog --rate 100000 \
    > "$work/probe-produce.log" 2>&1
sleep 20
before=$(classified); sleep 60; after=$(classified)
capacity=$(( (after - before) / 60 ))
rate=$(awk -v c="$capacity" -v f="$fraction" 'BEGIN { printf "%.1f", c * f }')
echo "capacity ${capacity} events/s (classified $before -> $after in 60 s); soak rate $rate events/s" \
    | tee "$work/capacity.txt"
if [ "$after" -ge "$backlog" ]; then
  echo "warning: the probe's backlog ran out inside the window, so the capacity is at least ${capacity} events/s;" \
      "set SOAK_BACKLOG higher for a faster pipeline" | tee -a "$work/capacity.txt"
fi
# Drain the probe's backlog before the soak starts, so the soak's lag starts at zero.
for _ in $(seq 600); do
  [ "$(classified)" -ge $backlog ] && break
  sleep 1
done

java -jar "$jar" soak --config "$work/exitwise.properties" --metrics-url "http://127.0.0.1:$metrics_port/metrics" \
    --rate "$rate" --minutes "$minutes" --sample-seconds 10 --csv "$work/soak.csv" 2>&1 | tee "$work/soak.log" \
    || true
echo "run process still alive: $(kill -0 "$run_pid" 2>/dev/null && echo yes || echo no)" | tee -a "$work/soak.log"
if [ -f bench/target/exitwise-bench.jar ]; then
  java -jar bench/target/exitwise-bench.jar soak --rate "$rate" --from-csv "$work/soak.csv" --plots "$work" \
      | tail -n 2
fi
