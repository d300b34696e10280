#!/usr/bin/env bash
# Starts the whole system on this machine with nothing but a JDK 17+: a real Kafka broker, a real PostgreSQL,
# and every service on the ports of API.md. Builds what it needs first (again, module by module, after a change).
# Ctrl-C or SIGTERM stops everything. Data and logs stay in .local-run/ (delete it to start empty).
#
#   ./run-local.sh               everything
#   ./run-local.sh --infra-only  Kafka, PostgreSQL and the token keys only, for `./mvnw -pl <service> quarkus:dev`
#
# Kafka and PostgreSQL are embedded processes on Linux x86-64; elsewhere, or with MIACCOUNT_INFRA=containers, they
# are containers (Docker). LOCAL_KAFKA_PORT / LOCAL_POSTGRES_PORT move them from 9092 / 5432. MAVEN_ARGS is passed
# to every Maven call (Maven reads it itself).
set -euo pipefail
cd "$(dirname "$0")"

infra_only=false
for arg in "$@"; do
    case "$arg" in
        --infra-only) infra_only=true ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-local: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

# --- pre-flight: every problem is one line with what to do; all of them are reported, then the run stops ------
problems=()
problem() { problems+=("$1"); }

java_cmd=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_cmd="$JAVA_HOME/bin/java"
java_ok=false
if ! command -v "$java_cmd" >/dev/null 2>&1; then
    problem "no java found: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk, or sdk install java 17-tem) and put it on the PATH or in JAVA_HOME"
else
    spec=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    major=${spec#1.}; major=${major%%.*}
    if [ -z "$major" ] || [ "$major" -lt 17 ] 2>/dev/null; then
        problem "$java_cmd is Java ${spec:-of unknown version}; Mi Account needs 17 or newer: install a JDK 17+ and set JAVA_HOME to it"
    elif ! command -v "${java_cmd%java}javac" >/dev/null 2>&1 && ! command -v javac >/dev/null 2>&1; then
        problem "$java_cmd is a JRE (no javac): install a JDK 17+ (the build compiles) and set JAVA_HOME to it"
    else
        java_ok=true
    fi
fi

# The embedded PostgreSQL binaries are Linux x86-64 ones; elsewhere both Kafka and PostgreSQL run in Docker.
os=$(uname -s) arch=$(uname -m)
infra_mode=${MIACCOUNT_INFRA:-}
if [ -z "$infra_mode" ] && ! { [ "$os" = Linux ] && [ "$arch" = x86_64 ]; }; then
    infra_mode=containers
    echo "run-local: $os $arch: the embedded PostgreSQL is for Linux x86-64 only, so Kafka and PostgreSQL run in Docker"
fi
case "$infra_mode" in
    ""|embedded) ;;
    containers)
        if ! command -v docker >/dev/null 2>&1; then
            problem "Kafka and PostgreSQL must run in Docker here, and there is no docker command: install Docker (Docker Desktop on macOS) and start it"
        elif ! docker info >/dev/null 2>&1; then
            problem "Kafka and PostgreSQL must run in Docker here, and the Docker engine does not answer: start Docker (Docker Desktop), or check that this user may use it (docker info)"
        fi ;;
    *) problem "MIACCOUNT_INFRA=$infra_mode: use embedded or containers" ;;
esac
export MIACCOUNT_INFRA=${infra_mode:-embedded}

# One run per directory: a second one would share the broker's and the database's data with the first and break
# it. The lock is a directory (mkdir is atomic everywhere) holding the owner's pid; `exec java` below keeps that
# pid, so the lock stays valid while the run lives, and a lock whose process is gone (kill -9) is taken over.
mkdir -p .local-run
lock=.local-run/run.lock
take_lock() { mkdir "$lock" 2>/dev/null && echo $$ > "$lock/pid"; }
locked=false
if take_lock; then
    locked=true
else
    owner=$(cat "$lock/pid" 2>/dev/null || true)
    if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null \
        && ps -o args= -p "$owner" 2>/dev/null | grep -qE 'run-local|dev\.miaccount\.infra\.LocalRun'; then
        problem "another ./run-local.sh (pid $owner) is running in this directory: stop it (Ctrl-C in its terminal, or kill $owner) first; its data in .local-run/ is left alone"
    else
        rm -rf "$lock"
        take_lock && locked=true || problem "cannot take the lock $lock: another run-local started just now?"
    fi
fi
release_lock() { if $locked; then rm -rf "$lock"; fi; }
trap release_lock EXIT

kafka_port=${LOCAL_KAFKA_PORT:-9092} pg_port=${LOCAL_POSTGRES_PORT:-5432}
ports=("$kafka_port=Kafka=stop what uses it, or set LOCAL_KAFKA_PORT to a free port"
       "$pg_port=PostgreSQL=stop the PostgreSQL or whatever listens there (it would not be ours), or set LOCAL_POSTGRES_PORT to a free port")
if ! $infra_only; then
    for p in "8080:event-dashboard" "8081:account-service" "8082:device-service" "8083:notification-service" \
        "8084:web-console" "9081:account-service's internal API" "9083:notification-service's internal API" \
        "4318:the trace receiver (OTLP)" "16686:the trace receiver's API"; do
        ports+=("${p%%:*}=${p#*:}=stop what uses it (lsof -i :${p%%:*}; a quarkus:dev of that service?); API.md fixes these ports")
    done
fi
if $java_ok && $locked; then
    port_lines=$("$java_cmd" local-infra/src/main/java/dev/miaccount/infra/Preflight.java "${ports[@]}") \
        || while IFS= read -r line; do problem "${line#run-local: }"; done <<<"$port_lines"
fi

if [ ${#problems[@]} -gt 0 ]; then
    for p in "${problems[@]}"; do echo "run-local: $p" >&2; done
    exit 1
fi

# --- build what changed ---------------------------------------------------------------------------------------
# The stamp is the start time of the last good build; a module with a source newer than it is built again, with
# the modules it depends on (-am: quick, they are up to date) and, for a shared library, the apps that use it.
apps=(account-service device-service notification-service event-dashboard web-console)
libs=(kafka-broker trace-receiver local-infra event-contracts web-problems messaging auth test-support)
stamp=.local-run/build.stamp
artifacts=(kafka-broker/target/broker.classpath local-infra/target/runtime.classpath)
$infra_only || for app in "${apps[@]}"; do artifacts+=("$app/target/quarkus-app/quarkus-run.jar"); done
if $infra_only; then
    # quarkus:dev of one service (-pl, without -am) resolves the shared modules from the local Maven repository:
    # install them, so that it gets today's and not last month's
    targets=("${libs[@]}") goal=install relevant=("${libs[@]}")
else
    targets=(kafka-broker local-infra "${apps[@]}") goal=package relevant=(kafka-broker trace-receiver local-infra "${apps[@]}")
fi
# the libraries every app is built with: a change to one of them builds every app again
shared=(event-contracts web-problems messaging auth)

build_list=""
full=false
[ -f "$stamp" ] || full=true
if $infra_only && [ ! -f .local-run/libs-installed.stamp ]; then full=true; fi
for a in "${artifacts[@]}"; do [ -f "$a" ] || full=true; done
if ! $full; then
    changed=$(find . -path ./.local-run -prune -o -path '*/target' -prune -o -path ./.git -prune -o -path ./docs -prune \
        -o -type f \( -name '*.java' -o -name '*.properties' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.html' \
        -o -name '*.js' -o -name '*.css' -o -name '*.json' \) -newer "$stamp" -print)
    modules=$(printf '%s\n' "$changed" | sed -n 's|^\./\([^/]*\)/.*|\1|p' | sort -u)
    printf '%s\n' "$changed" | grep -qx './pom.xml' && full=true
    for m in $modules; do
        case " ${relevant[*]} " in *" $m "*) build_list="$build_list,$m" ;; esac
        if ! $infra_only; then
            case " ${shared[*]} " in *" $m "*) for app in "${apps[@]}"; do build_list="$build_list,$app"; done ;; esac
        fi
    done
    build_list=$(printf '%s\n' ${build_list//,/ } | sort -u | paste -sd, -)
fi

if $full || [ -n "$build_list" ]; then
    if $full; then
        selection=$(IFS=,; echo "${targets[*]}")
        echo "Building ${targets[*]} (a few minutes on a first run; the full log: .local-run/build.log) ..."
    else
        selection=${build_list#,}
        echo "Building what changed since the last build: $selection ..."
    fi
    extra=(-am)  # the modules they are built with: up to date, so quick, and never stale from ~/.m2
    start=$(date +%s) build_started=$SECONDS
    touch .local-run/build.stamp.next
    # progress: one line per module as Maven starts it (its name and [n/m]); everything else goes to the log
    set +e
    # (a read loop, not sed: sed buffers its output when it goes to a file or a CI log)
    ./mvnw -B "$goal" -DskipTests -pl "$selection" "${extra[@]}" 2>&1 | tee .local-run/build.log \
        | while IFS= read -r line; do
            case "$line" in
                "[INFO] Building "*"-SNAPSHOT"*"]") name=${line#\[INFO\] Building }
                    echo "  $(( SECONDS - build_started )) s  ${name##* } ${name% *-SNAPSHOT*}" ;;
            esac
        done
    rc=${PIPESTATUS[0]}
    set -e
    if [ $rc -ne 0 ]; then
        echo "run-local: the build failed (exit $rc); the end of .local-run/build.log:" >&2
        grep -E '^\[ERROR\]' .local-run/build.log | head -30 >&2 || tail -30 .local-run/build.log >&2
        exit 1
    fi
    mv .local-run/build.stamp.next "$stamp"
    $infra_only && $full && touch .local-run/libs-installed.stamp
    echo "Built in $(( $(date +%s) - start )) s."
fi

classpath="local-infra/target/classes:$(cat local-infra/target/runtime.classpath)"
$infra_only && set -- --infra-only
# exec: the lock's pid is now the JVM's, and Ctrl-C reaches it directly
# Testcontainers' start-up chatter (containers mode) stays out of the way: warnings only.
exec "$java_cmd" -Dorg.slf4j.simpleLogger.log.org.testcontainers=warn -Dorg.slf4j.simpleLogger.log.tc=warn \
    -Dorg.slf4j.simpleLogger.log.com.github.dockerjava=warn -cp "$classpath" dev.miaccount.infra.LocalRun "$@"
