# Shared by the launchers (scripts/replica, kvs-cli, kvs-check, kvs-sim); sourced, not run.
#
#   kvs_launch TOOL MODULE JAR_NAME "DEFAULT JVM OPTIONS" ARGS...
#
# Builds MODULE's jar when it is missing or older than a source, makes once per build a class-data archive (AppCDS) from
# the jar's own training run (java -jar JAR --cds-training), and runs the jar with the defaults,
# then KVS_JAVA_OPTS (which ADDS to them: a later -Xmx wins), then the archive. Without the archive
# (training failed, a read-only folder), the tool starts anyway, only slower. KVS_CDS=off skips it.
# Any JVM option may be given in KVS_JAVA_OPTS; JAVA_OPTS is not read (a global JAVA_OPTS meant
# for other programs would otherwise change these tools).
# MODULE and the project modules it needs at run time (its non-test kvs dependencies, recursively).
# Pure bash (no grep or sed): it runs on every launch, where each subprocess costs milliseconds.
kvs_modules() {
  local root="$1" module="$2" line
  local pattern='<dependency><groupId>kvs</groupId><artifactId>([^<]+)</artifactId>'
  echo "$module"
  while IFS= read -r line; do
    if [[ $line =~ $pattern ]] && [[ $line != *'<scope>test</scope>'* ]]; then
      kvs_modules "$root" "${BASH_REMATCH[1]}"
    fi
  done <"$root/$module/pom.xml"
}

# The first main source or pom of MODULE (or of a module it needs) newer than JAR, if any.
kvs_newer_sources() {
  local root="$1" module="$2" jar="$3" m paths=("$1/pom.xml")
  local -A seen=()
  for m in $(kvs_modules "$root" "$module"); do
    [ -n "${seen[$m]:-}" ] && continue
    seen[$m]=1
    paths+=("$root/$m/pom.xml" "$root/$m/src/main")
  done
  find "${paths[@]}" -newer "$jar" -type f -print -quit 2>/dev/null
}

kvs_launch() {
  local tool="$1" module="$2" name="$3" defaults="$4"
  shift 4
  local root jar jsa
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar="$root/$module/target/$name.jar"
  jsa="$root/$module/target/$name.jsa"
  # Built when missing, and again when a source or pom of the project is newer than the jar (a
  # `git pull`, an edit), so a launcher never runs a stale build. One build at a time (flock); the
  # jar is touched after it, since Maven leaves a jar whose content did not change as it was.
  if [ ! -f "$jar" ] || [ -n "$(kvs_newer_sources "$root" "$module" "$jar")" ]; then
    (
      flock 9
      if [ ! -f "$jar" ] || [ -n "$(kvs_newer_sources "$root" "$module" "$jar")" ]; then
        echo "$tool: building $jar (missing, or older than its sources) ..." >&2
        (cd "$root" && mvn -B -q -pl "$module" -am package -DskipTests) >&2 && touch "$jar"
      fi
    ) 9>"$root/.kvs-build.lock" || { echo "$tool: the build failed; see the output above" >&2; return 1; }
  fi
  local cds=()
  if [ "${KVS_CDS:-on}" != "off" ]; then
    # A training run that failed for this build is not tried again on every start (the .failed mark).
    if { [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; } && { [ ! -f "$jsa.failed" ] || [ "$jar" -nt "$jsa.failed" ]; }; then
      # Written aside and renamed, so that commands started together never read half an archive.
      # Trained interpreted (-Xint), so that no method has JIT state to archive: one archive, dumped
      # on a busy machine, kept the history parser's hot method from ever being compiled (seen
      # with -XX:+PrintCompilation), and every later start of that build read histories 5 times
      # slower; archives trained again, and all those trained with -Xint, did not.
      local tmp="$jsa.$$"
      # shellcheck disable=SC2086
      if java $defaults -Xint -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
            -jar "$jar" --cds-training >/dev/null 2>&1 && [ -s "$tmp" ]; then
        mv -f "$tmp" "$jsa" && rm -f "$jsa.failed"
      else
        rm -f "$tmp"
        touch "$jsa.failed" 2>/dev/null || true
      fi
    fi
    [ -f "$jsa" ] && [ ! "$jar" -nt "$jsa" ] && cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # KVS_LAUNCH_PREPARE_ONLY=1: build and archive, start nothing (scripts/cluster does this once
  # before starting N replicas, so they do not all train at once).
  if [ "${KVS_LAUNCH_PREPARE_ONLY:-}" = 1 ]; then return 0; fi
  # shellcheck disable=SC2086
  exec java $defaults ${KVS_JAVA_OPTS:-} "${cds[@]}" -jar "$jar" "$@"
}
