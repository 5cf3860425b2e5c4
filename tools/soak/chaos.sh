#!/usr/bin/env bash
# Chaos: while `exitwise produce` sends a stream through a broker process, a registry process and an `exitwise run`
# process, the broker is killed (-9) and restarted, then the registry is frozen (SIGSTOP) for 30 s and resumed.
# Afterwards every output of text-labels and the dead-letter topic is read with read_committed and counted against
# the ids sent: each must come out exactly once.
#
#   tools/soak/chaos.sh [EVENTS] [RATE]      defaults: 6000 events at 50 events/s
#
# Needs `mvn -DskipTests package` first. Writes its logs under target/chaos/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/soak/processes.sh
start_all chaos
events=${1:-6000}
rate=${2:-50}
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$work/chaos.log"; }

java -jar "$jar" produce --config "$work/exitwise.properties" --dataset emotions --events "$events" --rate "$rate" \
    > "$work/produce.log" 2>&1 &
produce_pid=$!
sleep 20
log "broker: kill -9"
kill -9 "$broker_pid"
sleep 10
log "broker: restart"
start_broker
sleep 20
log "registry: SIGSTOP for 30 s"
kill -STOP "$registry_pid"
sleep 30
kill -CONT "$registry_pid"
log "registry: SIGCONT"
wait "$produce_pid" || log "produce exited with $?"
tail -n 1 "$work/produce.log" | tee -a "$work/chaos.log"
sent=$(sed -n 's/^Sent \([0-9]*\) events.*/\1/p' "$work/produce.log")
# let the service work off what is left, then read everything it wrote
for _ in $(seq 300); do
  before=$(classified)
  sleep 5
  [ "$(classified)" = "$before" ] && break
done
java -cp "$jar" tools/soak/CountOutputs.java "127.0.0.1:$broker_port" "${sent:-$events}" text-labels \
    text-events-dlq | tee -a "$work/chaos.log"
log "run process still alive: $(kill -0 "$run_pid" 2>/dev/null && echo yes || echo no)"
