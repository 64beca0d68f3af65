# Shell helpers of bench/run and bench/scaleout (sourced). wrk_run and sign_in use the caller's
# $threads, $duration and $work.

free_port() {
  python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() {  # url: waits up to 30 s for a 200
  for _ in $(seq 300); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; then return 0; fi
    sleep 0.1
  done
  echo "bench/run: $1 did not answer" >&2
  return 1
}

# wrk_run <url> <connections> -> "rps p50 p99" (BENCH_* variables set by the caller)
wrk_run() {
  local line
  line=$(wrk -t "$threads" -c "$2" -d "$duration" -s bench/request.lua "$1" | grep '^BENCH ') || {
    echo "bench/run: wrk failed on $1" >&2
    touch "$work/failed"
    echo "0 0 0"
    return
  }
  local errors
  errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
  if [ "$errors" != 0 ]; then
    echo "bench/run: $errors failed requests on $1" >&2
    touch "$work/failed"
  fi
  sed 's/.*rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\).*/\1 \2 \3/' <<<"$line"
}

# Signs in through the login form; prints the session cookie "name=value".
sign_in() {  # base-url email password
  local jar=$work/jar.$$ token
  rm -f "$jar"
  token=$(curl -s -c "$jar" -b "$jar" "$1/auth/password/login" |
    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$2" --data-urlencode "password=$3" "$1/auth/password/login"
  awk '$6 == "portal-session" { print $6 "=" $7 }' "$jar"
}

