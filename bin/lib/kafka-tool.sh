# Sourced by bin/kafka-*.sh: runs one of Kafka's own tools from the Maven-resolved broker classpath.
# Usage inside a script: source lib/kafka-tool.sh MAIN_CLASS "$@"
# Without --bootstrap-server (or --bootstrap-controller) the tool talks to the running stack: the brokers
# recorded in $TALLY_HOME/stack.properties by `bin/tally up`, else localhost:9092 as in Kafka's quickstart.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
tally_ensure_built
main_class="$1"; shift
args=("$@")
if ! tally_has_bootstrap_flag "${args[@]+"${args[@]}"}"; then
  args=(--bootstrap-server "$(tally_bootstrap_servers)" "${args[@]+"${args[@]}"}")
fi
exec java -Xmx256m -Dlog4j2.configurationFile="$TALLY_ROOT/bin/lib/log4j2-tools.properties" \
  -cp "$(cat "$TALLY_ROOT/kafka-runtime/target/classpath.txt")" "$main_class" "${args[@]+"${args[@]}"}"
