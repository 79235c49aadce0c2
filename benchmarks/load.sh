#!/usr/bin/env bash
# Load test of the token endpoint: for each framework, the oauth2kit adapter with the memory store
# against a bare token endpoint on the same framework, in one run on one machine, so that the
# ratio oauth2kit/bare is what the library costs whatever the machine. Also the memcached, MongoDB
# (an in-process wire-protocol server), Redis and JDBC (PostgreSQL) stores behind the Javalin
# adapter, and the best-known peer, Spring Authorization Server (a minimal Spring Boot application in
# benchmarks/spring-authorization-server: in memory, plain-text secret, reference tokens). Every
# server runs as users run it: the shipped jar with default JVM flags, unless JAVA_OPTS says
# otherwise. Every server listens on 127.0.0.1 and is stopped on exit.
#
#   benchmarks/load.sh                      # full run: 30 s warm-up, 20 s measured per server
#   WARMUP=3s DURATION=5s benchmarks/load.sh    # quick run
#
# Environment (defaults in brackets):
#   WARMUP [30s]  DURATION [20s]  THREADS [2]  CONNECTIONS [32]   wrk settings
#   ROUNDS [1]    runs of the whole set; the table shows each row's median round by req/s
#   SLICES [4]    turns in which an oauth2kit server and its bare endpoint, both running, are
#                 measured (DURATION/SLICES each), so that the machine's noise falls on both;
#                 each turn starts once both servers are idle (see settle)
#   FRAMEWORKS ["servlet javalin jaxrs micronaut"]   STORES ["memory memcache mongodb redis jdbc"]
#   PEERS ["spring"]   other authorization servers in the same run ("" for none)
#   JAVA_OPTS [""]   JVM flags, the same for every server (default flags unless set)
#   PG_SETTINGS [""]   PostgreSQL settings for the JDBC row, e.g. "shared_buffers=1GB"
#   JAR [oauth2-benchmarks/target/load-servers.jar]   built with Maven when missing
#   RESULTS [benchmarks/results/load-<timestamp>.txt]   raw rows and the table; every slice
#                 of every pair goes beside it, in load-<timestamp>-slices.txt
set -euo pipefail
cd "$(dirname "$0")/.."

# Two cores, shared with wrk: the JIT needs well over 10 s of traffic before it settles (compiler
# threads still took a third of a core after 15 s; -XX:+PrintCompilation shows it calm at ~30 s).
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-1}
SLICES=${SLICES:-4}
FRAMEWORKS=${FRAMEWORKS:-"servlet javalin jaxrs micronaut"}
STORES=${STORES:-"memory memcache mongodb redis jdbc"}
# Default JVM flags: what users run. A fixed, pre-touched heap ("-Xms2g -Xmx2g -XX:+AlwaysPreTouch")
# flatters every server that keeps tokens in memory; pass it in JAVA_OPTS for that table.
JAVA_OPTS=${JAVA_OPTS:-}
PEERS=${PEERS-spring}
# PostgreSQL settings for the JDBC row, besides synchronous_commit=off (space-separated name=value).
PG_SETTINGS=${PG_SETTINGS-}
SPRING_JAR=benchmarks/spring-authorization-server/target/spring-authorization-server.jar
JAR=${JAR:-oauth2-benchmarks/target/load-servers.jar}
RESULTS=${RESULTS:-benchmarks/results/load-$(date +%Y%m%d-%H%M%S).txt}

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [[ " $STORES " == *" memcache "* ]] && ! command -v memcached >/dev/null 2>&1 && [ ! -x /usr/bin/memcached ]; then
  need+=(memcached)
fi
if [[ " $STORES " == *" redis "* ]] && [ ! -x /usr/bin/redis-server ]; then
  need+=(redis-server)
fi
if [[ " $STORES " == *" jdbc "* ]] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
MEMCACHED=$(command -v memcached || echo /usr/bin/memcached)

if [ ! -f "$JAR" ]; then
  echo "Building $JAR ..."
  mvn -B -q -pl oauth2-benchmarks -am package -DskipTests
fi

if [[ " $PEERS " == *" spring "* ]] && [ ! -f "$SPRING_JAR" ]; then
  echo "Building $SPRING_JAR ..."
  mvn -B -q -f benchmarks/spring-authorization-server/pom.xml package -DskipTests
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Where each slice's latency distribution is sampled (100: the slowest request).
PERCENTILES="1 5 10 20 30 40 50 60 70 80 90 95 97 98 98.5 99 99.25 99.5 99.75 99.9 99.95 99.99 100"

# The request: POST grant_type=client_credentials with HTTP Basic abc:xyz. done() prints one
# machine-readable line: requests, duration (us), p50 and p99 (us), non-2xx count, socket errors,
# p99.9 (us); then the latency (us) at each of the percentiles in PERCENTILES, from which
# measure_pair works out the percentiles of all its slices' requests together.
cat > "$WORK/token.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic YWJjOnh5eg=="

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(99.9)))
  local points = {}
  for p in string.gmatch("PERCENTILES", "%S+") do
    points[#points + 1] = string.format("%d", p == "100" and latency.max or latency:percentile(tonumber(p)))
  end
  io.write("POINTS " .. table.concat(points, " ") .. "\n")
end
LUA
sed -i "s/PERCENTILES/$PERCENTILES/" "$WORK/token.lua"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# start_server LOG ARGS...: starts a load server in the background; sets SERVER_PID and PORT.
start_server() {
  start_jar "$JAR" "$@"
}

# start_jar JAR LOG ARGS...: starts any server jar that prints "PORT n" once it listens.
start_jar() {
  local jar=$1 log=$2
  shift 2
  # Emptied here, not by the redirection below: that happens in the background process, and a
  # later round reusing the log name could read the PORT line its previous server wrote.
  : >"$log"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT=""
  for _ in $(seq 1 300); do
    PORT=$(awk '/^PORT /{print $2; exit}' "$log")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$PORT" ]; then
    echo "server $* did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# measure NAME: warm-up then measured wrk run against $PORT; appends a row to $WORK/rows.
measure() {
  local name=$1 url="http://127.0.0.1:$PORT/token"
  check_token "$name" "$PORT"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/token.lua" "$url" >/dev/null
  local load out result cpu0 cpu1
  load=$(load_average)
  cpu0=$(cpu_ticks "$SERVER_PID")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/token.lua" "$url")
  cpu1=$(cpu_ticks "$SERVER_PID")
  echo "$out" >>"$WORK/wrk.log"
  result=$(echo "$out" | awk '/^RESULT /{print $2, $3, $4, $5, $6, $7, $8}')
  read -r requests micros p50 p99 non2xx socket p999 <<<"$result"
  local rps cpu
  rps=$(awk -v r="$requests" -v d="$micros" 'BEGIN{printf "%.0f", r / (d / 1e6)}')
  cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$(getconf CLK_TCK)" -v r="$requests" 'BEGIN{printf "%.0f", (b - a) * 1e6 / hz / r}')
  if [ "$non2xx" != 0 ] || [ "$socket" != 0 ]; then
    echo "$name: $non2xx non-2xx responses, $socket socket errors" >&2
  fi
  echo "$name $ROUND $rps $p50 $p99 $cpu $non2xx $socket $load $p999" | tee -a "$WORK/rows"
}

# settle PID...: waits until the given servers have next to nothing left to do (together at most
# 2 clock ticks, 20 ms, of CPU in half a second), for at most 20 s; prints the seconds waited. A
# server keeps working after its own slice (the JIT compiling what the slice made hot, a concurrent
# GC cycle): Spring Boot's compiler threads took up to 1.1 s of CPU in the 5 s after its slice,
# which then fell into the slice of the server measured next, not into its own.
settle() {
  local before after waited=0
  while [ "$waited" -lt 40 ]; do
    before=$(cpu_ticks_of "$@")
    sleep 0.5
    after=$(cpu_ticks_of "$@")
    [ $((after - before)) -le 2 ] && break
    waited=$((waited + 1))
  done
  echo "$((waited / 2)).$((waited % 2 * 5))"
}

cpu_ticks_of() {
  local pid sum=0
  for pid in "$@"; do
    sum=$((sum + $(cpu_ticks "$pid")))
  done
  echo "$sum"
}

# The measured time in whole seconds, and how it is cut into slices for pairs.
duration_seconds() {
  case "$1" in
    *ms) echo 1 ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
SLICE_SECONDS=$(( $(duration_seconds "$DURATION") / SLICES ))
[ "$SLICE_SECONDS" -ge 1 ] || SLICE_SECONDS=1

# check_token NAME PORT: one request must return a token before anything is measured.
check_token() {
  local body
  body=$(curl -s -u abc:xyz -d grant_type=client_credentials "http://127.0.0.1:$2/token")
  if [[ "$body" != *'"access_token":"'* ]]; then
    echo "$1: no token from port $2: $body" >&2
    exit 1
  fi
}

# measure_pair NAME_A PID_A PORT_A NAME_B PID_B PORT_B: both servers running; warms each up, then
# measures them in turns, SLICES slices of DURATION/SLICES each, so that whatever else the shared
# machine does in those seconds falls on both alike; appends a row for each. Requests, time and CPU
# add up over the slices; p50, p99 and p99.9 are those of all the slices' requests together.
measure_pair() {
  local names=("$1" "$4") pids=("$2" "$5") ports=("$3" "$6") i slice
  for i in 0 1; do
    check_token "${names[$i]}" "${ports[$i]}"
  done
  for i in 0 1; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/token.lua" "http://127.0.0.1:${ports[$i]}/token" >/dev/null
  done
  local load out cpu0 cpu1 settled
  load=$(load_average)
  : >"$WORK/slices.0"
  : >"$WORK/slices.1"
  for slice in $(seq 1 "$SLICES"); do
    for i in 0 1; do
      settled=$(settle "${pids[@]}")
      cpu0=$(cpu_ticks "${pids[$i]}")
      out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SLICE_SECONDS}s" --latency -s "$WORK/token.lua" \
        "http://127.0.0.1:${ports[$i]}/token")
      cpu1=$(cpu_ticks "${pids[$i]}")
      echo "$out" >>"$WORK/wrk.log"
      echo "$(echo "$out" | awk '/^RESULT /{print $2, $3, $4, $5, $6, $7, $8}') $((cpu1 - cpu0))" \
        "$(echo "$out" | awk '/^POINTS /{$1 = ""; print substr($0, 2)}')" >>"$WORK/slices.$i"
      echo "${names[$i]} $ROUND $slice $settled $(tail -1 "$WORK/slices.$i")" >>"$WORK/slice-rows"
    done
  done
  # p50, p99 and p99.9 of all the slices' requests together: each slice's distribution is known at
  # the points of PERCENTILES (linear in between); the latency below which the given share of all
  # requests fell is found by bisection. Averaging the slices' own p99s instead would let one slice
  # with a stall (p99 78 ms where the others had 4 ms) set the whole row's p99.
  for i in 0 1; do
    awk -v name="${names[$i]}" -v round="$ROUND" -v load="$load" -v hz="$(getconf CLK_TCK)" \
      -v percentiles="$PERCENTILES" '
      function below(s, x,    j) { # share (in %) of slice s requests faster than x
        if (x < v[s, 1]) return pct[1] * x / (v[s, 1] > 0 ? v[s, 1] : 1)
        for (j = 2; j <= np; j++) {
          if (x < v[s, j]) return pct[j - 1] + (pct[j] - pct[j - 1]) * (x - v[s, j - 1]) / (v[s, j] - v[s, j - 1])
        }
        return 100
      }
      function merged(q,    lo, hi, mid, k, s, f) {
        lo = 0; hi = top
        for (k = 0; k < 60; k++) {
          mid = (lo + hi) / 2; f = 0
          for (s = 1; s <= ns; s++) f += n[s] * below(s, mid)
          if (f / r < q) lo = mid; else hi = mid
        }
        return hi
      }
      BEGIN { np = split(percentiles, pct, " ") }
      {
        r += $1; d += $2; n2 += $5; se += $6; ticks += $8
        ns++; n[ns] = $1
        for (j = 1; j <= np; j++) { v[ns, j] = $(8 + j); if (v[ns, j] > top) top = v[ns, j] }
      }
      END {
        printf "%s %s %.0f %.0f %.0f %.0f %d %d %s %.0f\n", name, round, r / (d / 1e6), merged(50), merged(99),
          ticks * 1e6 / hz / r, n2, se, load, merged(99.9)
      }' "$WORK/slices.$i" | tee -a "$WORK/rows"
    if awk '{ n += $5 + $6 } END { exit !(n > 0) }' "$WORK/slices.$i"; then
      echo "${names[$i]}: non-2xx responses or socket errors (see the row)" >&2
    fi
  done
}

MEMCACHED_PORT=""
if [[ " $STORES " == *" memcache "* ]]; then
  MEMCACHED_PORT=$(free_port)
  as_user=()
  [ "$(id -u)" -eq 0 ] && as_user=(-u nobody) # memcached refuses to run as root
  "$MEMCACHED" "${as_user[@]}" -p "$MEMCACHED_PORT" -U 0 -l 127.0.0.1 -m 1024 -t 1 &
  PIDS+=("$!")
  sleep 0.5
fi

REDIS_PORT=""
if [[ " $STORES " == *" redis "* ]]; then
  REDIS_PORT=$(free_port)
  /usr/bin/redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=("$!")
  sleep 0.5
fi

PG_PORT=""
if [[ " $STORES " == *" jdbc "* ]]; then
  # a throw-away PostgreSQL in $WORK, as the postgres user (it refuses to run as root), with
  # synchronous_commit=off as token stores usually run: a crash may lose the last commits (tokens
  # a client then asks for again), never corrupt anything; fsync stays on
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_PORT=$(free_port)
  mkdir -p "$WORK/pg"
  run_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$WORK" "$WORK/pg"
    chmod 755 "$WORK"
    run_pg=(runuser -u postgres --)
  fi
  "${run_pg[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust >"$WORK/initdb.log" 2>&1
  pg_settings=()
  for setting in $PG_SETTINGS; do
    pg_settings+=(-c "$setting")
  done
  "${run_pg[@]}" "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$PG_PORT" -k "$WORK/pg" -c listen_addresses=127.0.0.1 \
    -c synchronous_commit=off "${pg_settings[@]}" >"$WORK/postgres.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 100); do
    "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1 && break
    sleep 0.1
  done
fi

echo "# name round req/s p50(us) p99(us) server-cpu(us/req) non2xx socket-errors load(1,5,15 min) p99.9(us)"
for ROUND in $(seq 1 "$ROUNDS"); do
  for fw in $FRAMEWORKS; do
    for store in $STORES; do
      [ "$store" = memory ] || [ "$fw" = javalin ] || continue # other stores behind the default adapter
      args=(--framework "$fw" --server oauth2kit --store "$store")
      [ "$store" = memcache ] && args+=(--memcached "127.0.0.1:$MEMCACHED_PORT")
      [ "$store" = redis ] && args+=(--redis-uri "redis://127.0.0.1:$REDIS_PORT")
      [ "$store" = jdbc ] && args+=(--jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres")
      start_server "$WORK/$fw-$store.log" "${args[@]}"
      pair_pid=$SERVER_PID pair_port=$PORT
      # Every row is measured in turns with what it is compared with, both running: the memory
      # store with the bare endpoint, a networked store with a fresh memory-store server
      if [ "$store" = memory ]; then
        start_server "$WORK/$fw-bare.log" --framework "$fw" --server bare
        partner="$fw/-/bare"
      else
        start_server "$WORK/$fw-$store-partner.log" --framework "$fw" --server oauth2kit --store memory
        partner="$fw/$store/partner"
      fi
      measure_pair "$fw/$store/oauth2kit" "$pair_pid" "$pair_port" "$partner" "$SERVER_PID" "$PORT"
      stop_server
      SERVER_PID=$pair_pid
      stop_server
    done
    if [[ " $STORES " != *" memory "* ]]; then
      start_server "$WORK/$fw-bare.log" --framework "$fw" --server bare
      measure "$fw/-/bare"
      stop_server
    fi
  done
  if [[ " $PEERS " == *" spring "* ]]; then
    # the peer in turns with oauth2kit on Javalin with the memory store, both running
    start_jar "$SPRING_JAR" "$WORK/spring.log"
    pair_pid=$SERVER_PID pair_port=$PORT
    start_server "$WORK/spring-partner.log" --framework javalin --server oauth2kit --store memory
    measure_pair "spring/-/peer" "$pair_pid" "$pair_port" "spring/-/partner" "$SERVER_PID" "$PORT"
    stop_server
    SERVER_PID=$pair_pid
    stop_server
  fi
done

mkdir -p "$(dirname "$RESULTS")"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP, measured $DURATION, $ROUNDS round(s); JAVA_OPTS=$JAVA_OPTS"
  echo "# name round req/s p50(us) p99(us) server-cpu(us/req) non2xx socket-errors load(1,5,15 min) p99.9(us)"
  cat "$WORK/rows"
  echo
  # Per row the round with the median ratio: oauth2kit with the memory store against the bare
  # endpoint of its framework, a networked store against the memory-store server measured in turns
  # with it, Spring Authorization Server against the Javalin memory-store server measured in turns
  # with it; both sides of a ratio come from the same slices. Server CPU per request is the server
  # process's user + system time over the measured slices divided by the requests: less sensitive
  # to other load than req/s.
  awk '
    function ms(us) { return sprintf("%.2f", us / 1000) }
    # the row of key in round, into the array out
    function row(key, round, out,    a) {
      for (a = 1; a <= n[key]; a++) { split(rows[key, a], out, " "); if (out[2] == round) return 1 }
      return 0
    }
    # the round in which key / ref (ref measured in turns with key) is the median
    function median_round(key, ref,    a, b, m, t, x, y, v, idx) {
      m = 0
      for (a = 1; a <= n[key]; a++) {
        split(rows[key, a], x, " ")
        if (!row(ref, x[2], y)) continue
        m++; v[m] = x[3] / y[3]; idx[m] = x[2]
      }
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] < v[a]) {
        t = v[a]; v[a] = v[b]; v[b] = t; t = idx[a]; idx[a] = idx[b]; idx[b] = t
      }
      return idx[int((m + 1) / 2)]
    }
    {
      split($1, k, "/"); fw = k[1]; store = k[2]; server = k[3]
      key = fw "/" store "/" server
      n[key]++; rows[key, n[key]] = $0
      if (!(key in seen)) { seen[key] = 1; order[++count] = key }
    }
    END {
      printf "| framework | store | oauth2kit req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req | compared with | req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req | ratio | load (1 min) |\n"
      printf "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n"
      for (i = 1; i <= count; i++) {
        key = order[i]
        split(key, k, "/")
        if (k[3] != "oauth2kit") continue
        memory = (k[2] == "memory")
        ref = memory ? k[1] "/-/bare" : k[1] "/" k[2] "/partner"
        if (!(ref in seen)) continue
        round = median_round(key, ref)
        row(key, round, r); row(ref, round, br)
        printf "| %s | %s | %d | %s | %s | %s | %d | %s | %d | %s | %s | %s | %d | %s | %s |\n", k[1], k[2], r[3], ms(r[4]),
          ms(r[5]), ms(r[12]), r[6], memory ? "bare" : "memory store", br[3], ms(br[4]), ms(br[5]), ms(br[12]), br[6],
          memory ? sprintf("%.0f %%", 100 * r[3] / br[3]) : sprintf("%.2f×", r[3] / br[3]), r[9]
      }
      if (("spring/-/peer") in seen && ("spring/-/partner") in seen) {
        printf "\n| peer | req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req | oauth2kit (Javalin, memory) req/s | p99 ms | oauth2kit ÷ peer |\n"
        printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        round = median_round("spring/-/partner", "spring/-/peer")
        row("spring/-/peer", round, r); row("spring/-/partner", round, orow)
        printf "| Spring Authorization Server | %d | %s | %s | %s | %d | %d | %s | %.2f× |\n", r[3], ms(r[4]), ms(r[5]),
          ms(r[12]), r[6], orow[3], ms(orow[5]), orow[3] / r[3]
      }
    }' "$WORK/rows"
} >"$RESULTS"
echo
sed -n '/^| framework/,$p' "$RESULTS"
echo
SLICE_RESULTS=${RESULTS%.txt}-slices.txt
if [ -s "$WORK/slice-rows" ]; then
  {
    echo "# every slice of every pair: the seconds spent waiting for both servers to be idle before it, then"
    echo "# name round slice settle(s) requests duration(us) p50(us) p99(us) non2xx socket-errors p99.9(us) server-cpu(ticks),"
    echo "# then the latency (us) at each of these percentiles: $PERCENTILES"
    cat "$WORK/slice-rows"
  } >"$SLICE_RESULTS"
fi
echo "Raw rows and table: $RESULTS"
[ -s "$WORK/slice-rows" ] && echo "Each slice: $SLICE_RESULTS"
