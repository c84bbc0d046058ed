#!/usr/bin/env bash
# Entry point of the Debian-built image (deploy/docker/Dockerfile.debian): Flink's processes and Sparsight's CLI, all
# from /opt/flink/lib (Sparsight's jar holds Flink's runtime and every native, loaded once per JVM, parent-first).
#   jobmanager                      a session cluster's JobManager (StandaloneSessionClusterEntrypoint)
#   taskmanager                     a TaskManager (TaskManagerRunner)
#   standalone-job --config FILE    application mode: a JobManager that runs io.sparsight.pipelines.jobs.SparsightJob
#                                   (resume: FLINK_PROPERTIES="execution.state-recovery.path: PATH")
#   flink ARGS                      Flink's command line (flink run -c ... /opt/flink/usrlib/sparsight-job.jar ...)
#   sparsight ARGS                  Sparsight's command line (demo, run, submit, validate, ...)
# Flink settings: /opt/flink/conf/config.yaml (mount your own), plus FLINK_PROPERTIES lines as -D key=value.
set -euo pipefail

FLINK_HOME=/opt/flink
CONF="$FLINK_HOME/conf"
CLASSPATH="$FLINK_HOME/lib/*"
# shellcheck source=../runtime-env.sh
. "$FLINK_HOME/bin/runtime-env.sh"

# FLINK_PROPERTIES: one Flink setting a line, "key: value" (as Flink's own image takes them) or key=value.
dynamic_properties() {
  local line key value
  while IFS= read -r line; do
    [ -n "${line// /}" ] || continue
    if [[ "$line" =~ ^[[:space:]]*([^:=[:space:]]+)[[:space:]]*[:=][[:space:]]*(.*)$ ]]; then
      key=${BASH_REMATCH[1]}
      value=${BASH_REMATCH[2]}
      printf -- '-D\n%s=%s\n' "$key" "${value%"${value##*[![:space:]]}"}"
    else
      echo "FLINK_PROPERTIES: not a setting: '$line' (write key: value)" >&2
      exit 2
    fi
  done <<<"${FLINK_PROPERTIES:-}"
}

# The JVM arguments (first line) and -D properties (second line) Flink computes from the memory configuration.
resource_params() {
  java -cp "$CLASSPATH" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" \
    2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

flink_process() { # main-class resource-params-command extra-args...
  local main=$1 params jvm dynamic
  params=$(resource_params "$2")
  shift 2
  jvm=$(echo "$params" | sed -n 1p)
  dynamic=$(echo "$params" | sed -n 2p)
  mapfile -t user_properties < <(dynamic_properties)
  # shellcheck disable=SC2086  # the computed flags are separate words
  exec java $jvm "${SPARSIGHT_JVM_FLAGS[@]}" -Dlog4j.configurationFile="file:$CONF/log4j-console.properties" \
    -cp "$CLASSPATH" "$main" --configDir "$CONF" $dynamic "${user_properties[@]}" "$@"
}

command=${1:-help}
shift || true
case "$command" in
  jobmanager)
    flink_process org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS "$@" ;;
  taskmanager)
    flink_process org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$@" ;;
  standalone-job)
    flink_process org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint GET_JM_RESOURCE_PARAMS \
      --job-classname io.sparsight.pipelines.jobs.SparsightJob -- "$@" ;; # after --: Flink would take --config as --configDir
  flink)
    exec java "${SPARSIGHT_JVM_FLAGS[@]}" -Dlog4j.configurationFile="file:$CONF/log4j-console.properties" \
      -cp "$CLASSPATH" org.apache.flink.client.cli.CliFrontend "$@" ;;
  sparsight)
    exec java "${SPARSIGHT_JVM_FLAGS[@]}" -cp "$CLASSPATH" io.sparsight.pipelines.cli.SparsightCli "$@" ;;
  *)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    [ "$command" = help ] || exit 2 ;;
esac
