# Shared by soak.sh and chaos.sh (sourced, not run): a Kafka broker (KRaft, one node) and an Apicurio registry, each
# in its own process, and an `exitwise run` process against them, all working in target/NAME (see prepare).
# RUN_JAVA_OPTS (for example "-Xms1200m -Xmx1200m") goes to the `exitwise run` JVM only; JAVA_TOOL_OPTIONS would
# reach the broker's and the registry's JVMs too.
broker_port=19092 controller_port=19093 registry_port=18081 metrics_port=18080
pids=()

# A fresh target/NAME with a copy of the jar, so that a rebuild meanwhile does not change it under the processes.
prepare() {
  work=target/$1
  rm -rf "$work" && mkdir -p "$work"
  cp streams-app/target/exitwise.jar "$work/exitwise.jar"
  jar="$work/exitwise.jar"
  export OMP_WAIT_POLICY=PASSIVE
}
cleanup() { for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # URL, seconds
  for _ in $(seq "$2"); do curl -sf "$1" > /dev/null && return 0; sleep 1; done
  echo "not up after $2 s: $1" >&2; return 1
}

# Formats the broker's storage once; start_broker can then be called again after a kill, on the same log folder.
format_broker() {
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
PROPS
  java -cp "$jar" kafka.tools.StorageTool format -t "$(java -cp "$jar" kafka.tools.StorageTool random-uuid)" \
      -c "$work/broker.properties" > "$work/format.log" 2>&1
}

start_broker() {
  java -Xmx1g -cp "$jar" kafka.Kafka "$work/broker.properties" >> "$work/broker.log" 2>&1 &
  broker_pid=$!
  pids+=("$broker_pid")
}

start_registry() {
  java -Xmx256m -Dquarkus.http.port=$registry_port -Dquarkus.http.host=127.0.0.1 \
      -jar "$(ls schemas/target/apicurio-registry/apicurio-registry-app-*-runner.jar)" > "$work/registry.log" 2>&1 &
  registry_pid=$!
  pids+=("$registry_pid")
  wait_for "http://127.0.0.1:$registry_port/apis/ccompat/v6/subjects" 120
}

# Creates the topics and starts `exitwise run`; returns when it is ready.
start_service() {
  cat > "$work/exitwise.properties" <<PROPS
bootstrap.servers=127.0.0.1:$broker_port
schema.registry.url=http://127.0.0.1:$registry_port/apis/ccompat/v6
application.id=exitwise-$1
exitwise.http.port=$metrics_port
PROPS
  java -jar "$jar" topics --config "$work/exitwise.properties" --partitions 2 | tee "$work/topics.log"
  # shellcheck disable=SC2086 # the options are words
  java ${RUN_JAVA_OPTS:-} -jar "$jar" run --config "$work/exitwise.properties" > "$work/run.log" 2>&1 &
  run_pid=$!
  pids+=("$run_pid")
  wait_for "http://127.0.0.1:$metrics_port/ready" 180
}

classified() {
  curl -sf "http://127.0.0.1:$metrics_port/metrics" \
    | awk '/^exitwise_events_classified_total/ { sum += $NF } END { printf "%d\n", sum }'
}

# Everything, in order: target/NAME, the broker, the registry, the topics and a ready `exitwise run`.
start_all() {
  prepare "$1"
  format_broker
  start_broker
  start_registry
  start_service "$1"
}
