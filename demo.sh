#!/usr/bin/env bash
# Runs the oauth2kit demo server: builds examples/target/oauth2-examples.jar when it is missing,
# then starts it. Options go to the demo (try --help); the default is Javalin + the memory store
# on http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
jar=examples/target/oauth2-examples.jar
if [ ! -f "$jar" ]; then
  echo "Building the demo (once) ..."
  mvn -B -q -DskipTests package -pl examples -am
fi
exec java -jar "$jar" "$@"
