#!/usr/bin/env bash
# Runs every test of oauth2kit on a fresh machine: installs what the tests need
# (memcached, PostgreSQL and Redis for the stores' tests, Chromium + ChromeDriver for the browser tests,
# Node.js for the independent client) when it is missing, then runs the whole Maven build. Extra arguments go
# to Maven.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v memcached >/dev/null 2>&1 || [ -x /usr/bin/memcached ] || need+=(memcached)
# the JDBC store's tests start their own PostgreSQL server (Debian's postgresql, version 15)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# the Redis store's tests start their own redis-server (and a small Redis Cluster)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# the independent OAuth client of the examples' tests runs under Node.js (20 or later)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# install, so that the copyable examples below build against exactly these artifacts
mvn -B install "$@"

# each copyable example is a Maven project of its own, as a user copies it out of the repository
for example in servlet spring-boot javalin jaxrs micronaut; do
  echo "== examples/$example"
  mvn -B -f "examples/$example/pom.xml" verify
done
