# Sourced by the ab-*-jar.sh scripts: runs one module's jar as two builds in turn, and puts the checkout's back.
# jar_keep MODULE OUT: sets $jar to MODULE's jar and keeps a copy of it as OUT/checkout.jar.
jar_keep() {
  jar=$(ls "$1"/target/"$1"-*.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || { echo "no $1 jar: build first (bin/tally up builds it)"; exit 2; }
  checkout_jar="$2/checkout.jar"
  cp "$jar" "$checkout_jar"
}
# jar_pick A.jar|-: the build's path ("-": the checkout's own).
jar_pick() { [ "$1" = - ] && echo "$checkout_jar" || realpath "$1"; }
jar_restore() { cp "$checkout_jar" "$jar"; }
# jar_ab SCRIPT OUT MODULE A.jar|- B.jar|-: checks the arguments, keeps MODULE's jar (jar_keep) in OUT, and sets
# $a and $b to the two builds' paths.
jar_ab() {
  [ $# -eq 5 ] || { echo "usage: $1 MODULE A.jar|- B.jar|-"; exit 2; }
  mkdir -p "$2"; jar_keep "$3" "$2"; a=$(jar_pick "$4"); b=$(jar_pick "$5")
}
# jar_api_on A|B: the API (api 1) restarted on that build ($a or $b, set by jar_ab).
jar_api_on() {
  local src; [ "$1" = A ] && src=$a || src=$b
  bin/tally stop api 1 >/dev/null
  cp "$src" "$jar"
  bin/tally start api 1 >/dev/null || echo "api start failed"
}
