#!/usr/bin/env bash
# A Flink session cluster on this machine, every endpoint on 127.0.0.1: one JobManager (REST 127.0.0.1:8081) and
# one TaskManager (2 slots), both running Sparsight's jar, for `./sparsight submit`.
#   deploy/local-cluster.sh start | stop | status
# Environment: JAVA_HOME, SPARSIGHT_JAR (default pipelines/target/sparsight.jar), SPARSIGHT_CLUSTER_DIR (logs and
# process ids; default ~/.sparsight/cluster). Configuration: deploy/flink/config.yaml.
set -euo pipefail

SPARSIGHT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${SPARSIGHT_JAR:-$SPARSIGHT_HOME/pipelines/target/sparsight.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONF="$SPARSIGHT_HOME/deploy/flink"
WORK="${SPARSIGHT_CLUSTER_DIR:-$HOME/.sparsight/cluster}"
REST="http://127.0.0.1:8081"

# shellcheck source=runtime-env.sh
. "$SPARSIGHT_HOME/deploy/runtime-env.sh"

# The JVM arguments (first line) and -D properties (second line) Flink computes from the memory configuration.
resource_params() {
  "$JAVA" -cp "$JAR" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start_process() { # name main-class resource-params-command
  local name=$1 main=$2 params jvm dynamic
  if is_running "$name"; then echo "$name already running (pid $(cat "$WORK/$name.pid"))"; return; fi
  params=$(resource_params "$3")
  jvm=$(echo "$params" | sed -n 1p)
  dynamic=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086  # the computed flags are separate words
  nohup "$JAVA" $jvm "${SPARSIGHT_JVM_FLAGS[@]}" -Dlog.file="$WORK/$name.log" \
    -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -cp "$JAR" "$main" --configDir "$CONF" $dynamic >"$WORK/$name.out" 2>&1 &
  echo $! >"$WORK/$name.pid"
}

is_running() { [ -f "$WORK/$1.pid" ] && kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null; }

overview() { curl -sf "$REST/overview" 2>/dev/null || true; }

case "${1:-}" in
  start)
    # the cluster must run the build that `./sparsight submit` runs: the launcher rebuilds a stale jar first
    if [ -z "${SPARSIGHT_JAR:-}" ]; then "$SPARSIGHT_HOME/sparsight" --version >/dev/null; fi
    [ -f "$JAR" ] || { echo "No jar at $JAR: build it first (./sparsight --version builds it)." >&2; exit 1; }
    mkdir -p "$WORK"
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
    for _ in $(seq 1 90); do
      if overview | grep -q '"taskmanagers":[1-9]'; then
        echo "Flink session cluster up: REST $REST, 1 TaskManager; logs in $WORK."
        echo "Submit with: ./sparsight submit --config FILE --jobmanager 127.0.0.1:8081"
        exit 0
      fi
      sleep 1
    done
    echo "The cluster did not come up within 90 s; see $WORK/jobmanager.log and $WORK/taskmanager.log." >&2
    exit 1
    ;;
  stop)
    for name in taskmanager jobmanager; do
      if is_running "$name"; then kill "$(cat "$WORK/$name.pid")"; echo "stopped $name"; fi
      rm -f "$WORK/$name.pid"
    done
    ;;
  status)
    for name in jobmanager taskmanager; do
      if is_running "$name"; then echo "$name: running (pid $(cat "$WORK/$name.pid"))"; else echo "$name: not running"; fi
    done
    o=$(overview); [ -n "$o" ] && echo "REST $REST/overview: $o"
    ;;
  *)
    echo "usage: deploy/local-cluster.sh start | stop | status" >&2
    exit 2
    ;;
esac
