# Sourced by lib/kafka-tool.sh (and its test): where the running stack's brokers listen.

# The brokers of the stack in $TALLY_HOME (default: the repository's .tally), from the stack.properties
# `bin/tally up` saved (broker n listens on broker.port.base + n); localhost:9092 when there is no stack.
tally_bootstrap_servers() {
  local home="${TALLY_HOME:-$TALLY_ROOT/.tally}"
  local spec="$home/stack.properties"
  local brokers base
  if [[ -f "$spec" ]]; then
    brokers="$(sed -n 's/^brokers=\([0-9]*\).*/\1/p' "$spec")"
    base="$(sed -n 's/^broker\.port\.base=\([0-9]*\).*/\1/p' "$spec")"
  fi
  if [[ -z "${brokers:-}" || -z "${base:-}" ]]; then
    echo "localhost:9092"
    return
  fi
  local list="" n
  for ((n = 1; n <= brokers; n++)); do
    list+="${list:+,}localhost:$((base + n))"
  done
  echo "$list"
}

# True when the arguments already say where Kafka is (or only ask for help), so nothing is added.
tally_has_bootstrap_flag() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --bootstrap-server|--bootstrap-server=*|--bootstrap-controller|--bootstrap-controller=*|--broker-list|--help|-h|--version)
        return 0 ;;
    esac
  done
  return 1
}
