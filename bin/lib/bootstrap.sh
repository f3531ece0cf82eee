# Sourced by lib/kafka-tool.sh (and its test): where the running stack's brokers listen.

# The brokers of the stack in $TALLY_HOME (default: the repository's .tally), from the stack.properties
# `bin/tally up` saved (broker n listens on broker.port.base + n, at 10.77.N.(20 + n) for a stack on
# separate hosts, hosts.network=N); localhost:9092 when there is no stack.
tally_bootstrap_servers() {
  local home="${TALLY_HOME:-$TALLY_ROOT/.tally}"
  local spec="$home/stack.properties"
  local brokers base network
  if [[ -f "$spec" ]]; then
    brokers="$(sed -n 's/^brokers=\([0-9]*\).*/\1/p' "$spec")"
    base="$(sed -n 's/^broker\.port\.base=\([0-9]*\).*/\1/p' "$spec")"
    network="$(sed -n 's/^hosts\.network=\([0-9]*\).*/\1/p' "$spec")"
  fi
  if [[ -z "${brokers:-}" || -z "${base:-}" ]]; then
    echo "localhost:9092"
    return
  fi
  local list="" n
  for ((n = 1; n <= brokers; n++)); do
    if [[ -n "${network:-}" && "$network" != 0 ]]; then
      list+="${list:+,}10.77.$network.$((20 + n)):$((base + n))"
    else
      list+="${list:+,}localhost:$((base + n))"
    fi
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
