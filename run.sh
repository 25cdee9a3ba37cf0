#!/usr/bin/env bash
# Starts OpsKnight Identity: Keycloak 26.7.3 with our providers and theme, the realm from realm-config/
# (imported at first start) and an embedded H2 database that keeps its data in .run/ across restarts.
# Honours Keycloak's own KC_* variables (KC_HTTP_PORT, KC_HTTP_HOST, KC_BOOTSTRAP_ADMIN_USERNAME, KC_DB, KC_DB_URL, ...).
# Listens on 127.0.0.1 only unless KC_HTTP_HOST says otherwise.
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
# WRITE_DELAY=0 makes every commit reach the file before the answer goes out (docs/operations.md: Data safety).
if [ "$KC_DB" = "dev-file" ]; then
  export KC_DB_URL_PROPERTIES="${KC_DB_URL_PROPERTIES:-;WRITE_DELAY=0}"
fi
export KC_HEALTH_ENABLED="${KC_HEALTH_ENABLED:-true}"
# Metrics (ours included, prefixed opsknight_) at /metrics on the management port, next to /health.
export KC_METRICS_ENABLED="${KC_METRICS_ENABLED:-true}"
export KC_CACHE="${KC_CACHE:-local}"
# Loopback only unless asked: nothing is reachable from the network by accident.
export KC_HTTP_HOST="${KC_HTTP_HOST:-127.0.0.1}"
# The management interface (/health, /metrics) stays on loopback even when KC_HTTP_HOST opens the API.
export KC_HTTP_MANAGEMENT_HOST="${KC_HTTP_MANAGEMENT_HOST:-127.0.0.1}"
export KC_HTTP_MANAGEMENT_PORT="${KC_HTTP_MANAGEMENT_PORT:-9000}"
# The master admin is created only while the master realm has no admin yet (the first start). Without
# KC_BOOTSTRAP_ADMIN_PASSWORD, a random password is made once and kept in .run/admin-password (mode 600).
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
admin_password_file="$run_dir/admin-password"
admin_password_note="the password in KC_BOOTSTRAP_ADMIN_PASSWORD"
if [ -z "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}" ]; then
  if [ ! -s "$admin_password_file" ]; then
    mkdir -p "$run_dir"
    password=""
    while [ "${#password}" -lt 24 ]; do  # no pipe that closes early: pipefail would stop the script
      password="$password$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    done
    (umask 077; printf '%s\n' "${password:0:24}" >"$admin_password_file")
    echo "run.sh: generated the master admin password (shown once, kept in $admin_password_file):"
    echo "  $KC_BOOTSTRAP_ADMIN_USERNAME / $(cat "$admin_password_file")"
  fi
  chmod 600 "$admin_password_file"
  KC_BOOTSTRAP_ADMIN_PASSWORD="$(cat "$admin_password_file")"
  export KC_BOOTSTRAP_ADMIN_PASSWORD
  admin_password_note="the password in .run/admin-password"
fi

base="http://localhost:$KC_HTTP_PORT"

# 5. HTTPS beside HTTP (KC_HTTPS=true): a self-signed certificate for localhost, made once with the JDK's
#    keytool under .run/tls/ (PKCS12 keystore for Keycloak, PEM copy for Node's NODE_EXTRA_CA_CERTS).
#    Apps that insist on an HTTPS issuer (OpsKnight's SSO) use the printed HTTPS issuer.
tls_info=""
if [ "${KC_HTTPS:-false}" = "true" ]; then
  command -v keytool >/dev/null || { echo "run.sh: KC_HTTPS=true needs the JDK's keytool on the PATH" >&2; exit 1; }
  tls_dir="$run_dir/tls"
  keystore="$tls_dir/localhost.p12"
  cert_pem="$tls_dir/localhost.pem"
  storepass_file="$tls_dir/keystore-password"
  mkdir -p "$tls_dir"
  chmod 700 "$tls_dir"
  if [ ! -s "$keystore" ] || [ ! -s "$cert_pem" ] || [ ! -s "$storepass_file" ]; then
    echo "run.sh: creating a self-signed certificate for localhost in $tls_dir"
    rm -f "$keystore" "$cert_pem"
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$storepass_file")
    storepass="$(cat "$storepass_file")"
    keytool -genkeypair -alias localhost -keyalg RSA -keysize 2048 -validity 825 \
      -dname "CN=localhost, O=OpsKnight Identity (local)" -ext "SAN=DNS:localhost,IP:127.0.0.1" \
      -storetype PKCS12 -keystore "$keystore" -storepass "$storepass" -keypass "$storepass" >/dev/null 2>&1
    keytool -exportcert -rfc -alias localhost -keystore "$keystore" -storetype PKCS12 \
      -storepass "$storepass" -file "$cert_pem" >/dev/null 2>&1
    chmod 600 "$keystore"
  fi
  export KC_HTTPS_PORT="${KC_HTTPS_PORT:-8443}"
  export KC_HTTPS_KEY_STORE_FILE="$keystore"
  export KC_HTTPS_KEY_STORE_PASSWORD="$(cat "$storepass_file")"
  export KC_HTTPS_KEY_STORE_TYPE="PKCS12"
  # Health and metrics stay on plain HTTP (the management interface would otherwise inherit HTTPS).
  export KC_HTTP_MANAGEMENT_SCHEME="${KC_HTTP_MANAGEMENT_SCHEME:-http}"
  base="https://localhost:$KC_HTTPS_PORT"
  tls_info="  HTTPS:          $base  (self-signed; also http://localhost:$KC_HTTP_PORT)
  Certificate:    $cert_pem   (give Node.js apps NODE_EXTRA_CA_CERTS=$cert_pem)
  OIDC issuer:    $base/realms/opsknight
"
fi
cat <<INFO
run.sh: starting Keycloak $kc_version with OpsKnight Identity $project_version (database: $KC_DB, listening on $KC_HTTP_HOST)
  Admin console:  $base/admin/   (first start: $KC_BOOTSTRAP_ADMIN_USERNAME / $admin_password_note)
  First step:     $base/realms/opsknight/opsknight/setup   (create the first OpsKnight admin)
  REST API:       $base/realms/opsknight/opsknight
  Health/metrics: http://$KC_HTTP_MANAGEMENT_HOST:$KC_HTTP_MANAGEMENT_PORT/health/ready  and  /metrics
${tls_info}  Stop with Ctrl-C.
INFO

exec "$kc_home/bin/kc.sh" start --import-realm "$@"
