#!/usr/bin/env bash
# A soak the way production runs it: a Kafka broker (KRaft) and an Apicurio registry each in their own process,
# an `exitwise run` process, a capacity probe, then `exitwise soak` at a fraction of that capacity.
#
#   tools/soak/soak.sh [MINUTES] [FRACTION]      defaults: 30 minutes at 0.8 of the measured capacity
#
# Needs `mvn -DskipTests package` first (streams-app/target/exitwise.jar, schemas/target/apicurio-registry).
# Writes everything under target/soak/: soak.csv (the samples), capacity.txt, and each process's log.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
fraction=${2:-0.8}
jar=streams-app/target/exitwise.jar
registry_jar=$(ls schemas/target/apicurio-registry/apicurio-registry-app-*-runner.jar)
work=target/soak
broker_port=19092 controller_port=19093 registry_port=18081 metrics_port=18080
rm -rf "$work" && mkdir -p "$work"
# a copy, so that a rebuild during the soak does not change the jar under the running processes
cp "$jar" "$work/exitwise.jar" && jar="$work/exitwise.jar"
export OMP_WAIT_POLICY=PASSIVE

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

cat > "$work/broker.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$broker_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$PWD/$work/kafka-logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.partitions=2
PROPS
java -cp "$jar" kafka.tools.StorageTool format -t "$(java -cp "$jar" kafka.tools.StorageTool random-uuid)" \
    -c "$work/broker.properties" > "$work/format.log" 2>&1
java -Xmx1g -cp "$jar" kafka.Kafka "$work/broker.properties" > "$work/broker.log" 2>&1 &
pids+=($!)
java -Xmx256m -Dquarkus.http.port=$registry_port -Dquarkus.http.host=127.0.0.1 -jar "$registry_jar" \
    > "$work/registry.log" 2>&1 &
pids+=($!)

cat > "$work/exitwise.properties" <<PROPS
bootstrap.servers=127.0.0.1:$broker_port
schema.registry.url=http://127.0.0.1:$registry_port/apis/ccompat/v6
application.id=exitwise-soak
exitwise.http.port=$metrics_port
PROPS
wait_for() { # URL, seconds
  for _ in $(seq "$2"); do curl -sf "$1" > /dev/null && return 0; sleep 1; done
  echo "not up after $2 s: $1" >&2; return 1
}
wait_for "http://127.0.0.1:$registry_port/apis/ccompat/v6/subjects" 120
java -jar "$jar" topics --config "$work/exitwise.properties" --partitions 2 | tee "$work/topics.log"
java -jar "$jar" run --config "$work/exitwise.properties" > "$work/run.log" 2>&1 &
pids+=($!)
run_pid=$!
wait_for "http://127.0.0.1:$metrics_port/ready" 180

classified() {
  curl -sf "http://127.0.0.1:$metrics_port/metrics" \
    | awk '/^exitwise_events_classified_total/ { sum += $NF } END { printf "%d\n", sum }'
}
# Capacity: a backlog far larger than a minute's work, sent unpaced; the classified rate over a 60 s window after
# a 20 s warm-up is the pipeline's capacity on this machine.
java -jar "$jar" produce --config "$work/exitwise.properties" --dataset emotions --events 30000 --rate 100000 \
    > "$work/probe-produce.log" 2>&1
sleep 20
before=$(classified); sleep 60; after=$(classified)
capacity=$(( (after - before) / 60 ))
rate=$(awk -v c="$capacity" -v f="$fraction" 'BEGIN { printf "%.1f", c * f }')
echo "capacity ${capacity} events/s (classified $before -> $after in 60 s); soak rate $rate events/s" \
    | tee "$work/capacity.txt"
# Drain the probe's backlog before the soak starts, so the soak's lag starts at zero.
drained=0
for _ in $(seq 600); do
  now=$(classified)
  if [ "$now" -ge 30000 ]; then drained=1; break; fi
  sleep 1
done
[ "$drained" = 1 ] || echo "probe backlog not drained after 10 minutes" >&2

java -jar "$jar" soak --config "$work/exitwise.properties" --metrics-url "http://127.0.0.1:$metrics_port/metrics" \
    --rate "$rate" --minutes "$minutes" --sample-seconds 10 --csv "$work/soak.csv" 2>&1 | tee "$work/soak.log"
echo "run process still alive: $(kill -0 $run_pid 2>/dev/null && echo yes || echo no)" | tee -a "$work/soak.log"
