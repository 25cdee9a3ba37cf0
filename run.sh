#!/usr/bin/env bash
# Starts OpsKnight Identity: Keycloak 26.7.3 with our providers and theme, the realm from realm-config/
# (imported at first start) and an embedded H2 database that keeps its data in .run/ across restarts.
# Honours Keycloak's own KC_* variables (KC_HTTP_PORT, KC_BOOTSTRAP_ADMIN_USERNAME, KC_DB, KC_DB_URL, ...).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

kc_version="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n1)"
project_version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)"
run_dir="$root/.run"
kc_home="$run_dir/keycloak-$kc_version"
providers_jar="$root/providers/target/opsknight-identity-providers-$project_version.jar"
themes_jar="$root/themes/target/opsknight-identity-themes-$project_version.jar"
mvn_opts=(-B -q)

command -v java >/dev/null || { echo "run.sh: Java 17 or newer is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "run.sh: Maven is required" >&2; exit 1; }

# 1. Build our jars when missing or older than any source.
stale() {
  local jar="$1"; shift
  [ -f "$jar" ] || return 0
  [ -n "$(find "$@" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if stale "$providers_jar" providers/src providers/pom.xml pom.xml || stale "$themes_jar" themes/src themes/pom.xml pom.xml; then
  echo "run.sh: building the extension jars..."
  mvn "${mvn_opts[@]}" -DskipTests package
fi

# 2. Keycloak itself, through Maven (cached in the local repository), unpacked once.
if [ ! -x "$kc_home/bin/kc.sh" ]; then
  echo "run.sh: fetching Keycloak $kc_version through Maven..."
  mkdir -p "$run_dir"
  mvn "${mvn_opts[@]}" dependency:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -DoutputDirectory="$run_dir"
fi

# 3. Our jars into providers/ (kc.sh re-augments only when they changed), the realm into data/import.
mkdir -p "$kc_home/providers" "$kc_home/data/import"
for jar in "$providers_jar" "$themes_jar"; do
  target="$kc_home/providers/$(basename "$jar")"
  if ! cmp -s "$jar" "$target"; then
    rm -f "$kc_home"/providers/opsknight-identity-"$(basename "$jar" | sed 's/opsknight-identity-\([a-z]*\)-.*/\1/')"-*.jar
    cp "$jar" "$target"
  fi
done
cp realm-config/opsknight-realm.json "$kc_home/data/import/opsknight-realm.json"

# 4. Defaults that KC_* variables override.
export KC_HTTP_ENABLED="${KC_HTTP_ENABLED:-true}"
export KC_HTTP_PORT="${KC_HTTP_PORT:-8080}"
export KC_HOSTNAME_STRICT="${KC_HOSTNAME_STRICT:-false}"
export KC_DB="${KC_DB:-dev-file}"
# H2 writes committed transactions up to 500 ms late by default, so a killed process loses them;
# WRITE_DELAY=0 makes every commit reach the file before the answer goes out (README: Data safety).
if [ "$KC_DB" = "dev-file" ]; then
  export KC_DB_URL_PROPERTIES="${KC_DB_URL_PROPERTIES:-;WRITE_DELAY=0}"
fi
export KC_HEALTH_ENABLED="${KC_HEALTH_ENABLED:-true}"
export KC_CACHE="${KC_CACHE:-local}"
# Used only while the master realm has no admin yet (the first start).
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

base="http://localhost:$KC_HTTP_PORT"
cat <<INFO
run.sh: starting Keycloak $kc_version with OpsKnight Identity $project_version (database: $KC_DB)
  Admin console:  $base/admin/   (first start: $KC_BOOTSTRAP_ADMIN_USERNAME / the password in KC_BOOTSTRAP_ADMIN_PASSWORD, default admin)
  First step:     $base/realms/opsknight/opsknight/setup   (create the first OpsKnight admin)
  REST API:       $base/realms/opsknight/opsknight
  Stop with Ctrl-C.
INFO

exec "$kc_home/bin/kc.sh" start --import-realm "$@"
