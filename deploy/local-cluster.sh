#!/usr/bin/env bash
# A Flink session cluster on this machine, every endpoint on 127.0.0.1: one JobManager (REST 127.0.0.1:8081) and
# one TaskManager (2 slots), both running Sparsight's jar, for `./sparsight submit`, with JobManager high
# availability through a one-node ZooKeeper (127.0.0.1:2181): a JobManager that is killed, or a cluster that is
# stopped, takes its running jobs up again from their last checkpoints at the next `start`.
#   deploy/local-cluster.sh start | stop | status | reset
# reset: stop, and forget the jobs the cluster would take up again (its ZooKeeper data and HA storage).
# Environment: JAVA_HOME, SPARSIGHT_JAR (default pipelines/target/sparsight.jar), SPARSIGHT_CLUSTER_DIR (logs,
# process ids, ZooKeeper data, HA storage; default ~/.sparsight/cluster), SPARSIGHT_REST_PORT (8081),
# SPARSIGHT_RPC_PORT (6123), SPARSIGHT_BLOB_PORT (6124), SPARSIGHT_ZK_PORT (2181). Configuration: deploy/flink/config.yaml.
set -euo pipefail

SPARSIGHT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${SPARSIGHT_JAR:-$SPARSIGHT_HOME/pipelines/target/sparsight.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONF="$SPARSIGHT_HOME/deploy/flink"
WORK="${SPARSIGHT_CLUSTER_DIR:-$HOME/.sparsight/cluster}"
REST_PORT="${SPARSIGHT_REST_PORT:-8081}"
ZK_PORT="${SPARSIGHT_ZK_PORT:-2181}"
REST="http://127.0.0.1:$REST_PORT"
# The settings that depend on this cluster's folder and ports, on top of deploy/flink/config.yaml.
CLUSTER_OPTIONS=(-D "rest.port=$REST_PORT" -D "jobmanager.rpc.port=${SPARSIGHT_RPC_PORT:-6123}"
  -D "blob.server.port=${SPARSIGHT_BLOB_PORT:-6124}"
  -D "high-availability.type=zookeeper" -D "high-availability.zookeeper.quorum=127.0.0.1:$ZK_PORT"
  -D "high-availability.storageDir=file://$WORK/ha" -D "high-availability.cluster-id=/sparsight-local")

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
    -cp "$JAR" "$main" --configDir "$CONF" $dynamic "${CLUSTER_OPTIONS[@]}" >"$WORK/$name.out" 2>&1 &
  echo $! >"$WORK/$name.pid"
}

# ZooKeeper for the JobManager's leader election and its store of running jobs (Flink's own quorum peer class).
start_zookeeper() {
  if is_running zookeeper; then echo "zookeeper already running (pid $(cat "$WORK/zookeeper.pid"))"; return; fi
  mkdir -p "$WORK/zookeeper"
  cat >"$WORK/zoo.cfg" <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$WORK/zookeeper
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
CFG
  nohup "$JAVA" -Xmx256m "${SPARSIGHT_JVM_FLAGS[@]}" -Dlog.file="$WORK/zookeeper.log" \
    -Dlog4j.configurationFile="file:$CONF/log4j.properties" -cp "$JAR" \
    org.apache.flink.runtime.zookeeper.FlinkZooKeeperQuorumPeer --zkConfigFile "$WORK/zoo.cfg" --peerId 0 \
    >"$WORK/zookeeper.out" 2>&1 &
  echo $! >"$WORK/zookeeper.pid"
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT") 2>/dev/null; then return; fi
    sleep 0.5
  done
  echo "ZooKeeper did not listen on 127.0.0.1:$ZK_PORT within 30 s; see $WORK/zookeeper.out." >&2
  exit 1
}

stop_all() {
  for name in taskmanager jobmanager zookeeper; do
    if is_running "$name"; then
      kill "$(cat "$WORK/$name.pid")"
      for _ in $(seq 1 40); do is_running "$name" || break; sleep 0.25; done
      echo "stopped $name"
    fi
    rm -f "$WORK/$name.pid"
  done
}

is_running() { [ -f "$WORK/$1.pid" ] && kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null; }

overview() { curl -sf "$REST/overview" 2>/dev/null || true; }

case "${1:-}" in
  start)
    # the cluster must run the build that `./sparsight submit` runs: the launcher rebuilds a stale jar first
    if [ -z "${SPARSIGHT_JAR:-}" ]; then "$SPARSIGHT_HOME/sparsight" --version >/dev/null; fi
    [ -f "$JAR" ] || { echo "No jar at $JAR: build it first (./sparsight --version builds it)." >&2; exit 1; }
    mkdir -p "$WORK"
    start_zookeeper
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
    # 3 JVMs start on what may be a busy machine: wait up to 3 minutes (it takes 20-30 s on an idle 2-core one)
    for _ in $(seq 1 180); do
      if overview | grep -q '"taskmanagers":[1-9]'; then
        echo "Flink session cluster up: REST $REST, 1 TaskManager, ZooKeeper 127.0.0.1:$ZK_PORT; logs in $WORK."
        echo "Submit with: ./sparsight submit --config FILE --jobmanager 127.0.0.1:$REST_PORT"
        exit 0
      fi
      sleep 1
    done
    echo "The cluster did not come up within 180 s; see $WORK/jobmanager.log and $WORK/taskmanager.log." >&2
    exit 1
    ;;
  stop)
    # running jobs are suspended, not cancelled: the next start takes them up again (reset forgets them)
    stop_all
    ;;
  reset)
    stop_all
    rm -rf "$WORK/zookeeper" "$WORK/ha"
    echo "forgot the cluster's jobs ($WORK/zookeeper, $WORK/ha)"
    ;;
  status)
    for name in zookeeper jobmanager taskmanager; do
      if is_running "$name"; then echo "$name: running (pid $(cat "$WORK/$name.pid"))"; else echo "$name: not running"; fi
    done
    o=$(overview); [ -n "$o" ] && echo "REST $REST/overview: $o"
    ;;
  *)
    echo "usage: deploy/local-cluster.sh start | stop | status | reset" >&2
    exit 2
    ;;
esac
