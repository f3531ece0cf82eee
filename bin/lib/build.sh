# Sourced by the bin/ scripts: builds the project when it was never built or a source changed since.
TALLY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

tally_ensure_built() {
  local stamp="$TALLY_ROOT/compose/target/classpath.txt"
  local reason=""
  local module
  for module in kafka-runtime stream-processor api-server client perf; do
    [[ -f "$TALLY_ROOT/$module/target/classpath.txt" ]] || reason="first run"
  done
  if [[ ! -f "$stamp" ]]; then
    reason="first run"
  elif [[ -n "$(find "$TALLY_ROOT" \( -path "$TALLY_ROOT/.tally" -o -name target -o -name .git \) -prune -o \
                \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -type f -newer "$stamp" -print -quit)" ]]; then
    reason="sources changed"
  fi
  [[ -z "$reason" ]] && return 0
  if ! command -v mvn >/dev/null; then
    echo "tally: Maven (mvn) is needed to build tally; install it (Debian: apt-get install maven)" >&2
    exit 1
  fi
  local log="${TMPDIR:-/tmp}/tally-build-$$.log"
  echo "tally: building ($reason) with 'mvn -B -ntp -DskipTests package'; full log in $log" >&2
  (cd "$TALLY_ROOT" && mvn -B -ntp -DskipTests package 2>&1) | tee "$log" \
    | grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]|BUILD SUCCESS|Total time' >&2 || true
  if ! grep -q 'BUILD SUCCESS' "$log"; then
    tail -n 40 "$log" >&2
    echo "tally: the build failed; full log in $log" >&2
    exit 1
  fi
  touch "$stamp"
}
