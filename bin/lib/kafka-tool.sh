# Sourced by bin/kafka-*.sh: runs one of Kafka's own tools from the Maven-resolved broker classpath.
# Usage inside a script: source lib/kafka-tool.sh MAIN_CLASS "$@"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
tally_ensure_built
main_class="$1"; shift
exec java -Xmx256m -Dlog4j2.configurationFile="$TALLY_ROOT/bin/lib/log4j2-tools.properties" \
  -cp "$(cat "$TALLY_ROOT/kafka-runtime/target/classpath.txt")" "$main_class" "$@"
