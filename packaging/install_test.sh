#!/usr/bin/env bash
# Installs the built packages into a clean Debian 12 root (debootstrap, chroot) and checks them:
#  1. the previous server version (packaging/previous-release, built from that commit's sources
#     by `./dev.sh install-test`, at its older schema)
#     is installed, started, and given data: a roster, a catalogue, enrolment and PIN codes;
#  2. the new server and kiosk packages are installed over it with apt (dependencies from the
#     mirror): the data is intact, keys unchanged, the schema migrated forward;
#  3. the installed server starts as its own user from its own config and answers a health
#     request; its unit files pass `systemd-analyze verify`; the kiosk finds every library and
#     its installed assets;
#  4. nginx from Debian with the shipped example terminates TLS in front of it and enforces
#     the body and header limits.
# Usage: packaging/install_test.sh NEW_DEB_DIR PREVIOUS_DEB_DIR   (run as root)
# The debootstrap result and the downloaded .debs are cached under build/install-test/.
set -euo pipefail
cd "$(dirname "$0")/.."

new_debs=$(realpath "$1")
old_debs=$(realpath "$2")
work=$PWD/build/install-test
root=$work/root
base=$work/bookworm-minbase.tar
cache=$work/apt-archives
mkdir -p "$work" "$cache"

log() { printf '\033[1m[install-test]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[install-test] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

# The Debian mirror this machine's apt uses (deb.debian.org when none is found).
mirror=$(grep -hoE '^(URIs:|deb) +[^ ]*debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
         awk '{print $2}' | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
security=$(grep -hoE '^(URIs:|deb) +[^ ]*debian-security/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
           awk '{print $2}' | head -1 || true)
security=${security:-http://deb.debian.org/debian-security}

mounted=()
cleanup() {
    [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ ! -s "$base" ]; then
    log "debootstrap bookworm (minbase) from $mirror, once; cached in $base"
    rm -rf --one-file-system "$work/bootstrap"
    debootstrap --variant=minbase bookworm "$work/bootstrap" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        fail "debootstrap (see $work/debootstrap.log)"
    tar -C "$work/bootstrap" -cf "$base.partial" . && mv "$base.partial" "$base"
    rm -rf --one-file-system "$work/bootstrap"
fi

log "a clean root from $base"
if [ -d "$root" ]; then
    for m in proc dev/pts dev var/cache/apt/archives; do umount -l "$root/$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$root"
fi
mkdir -p "$root"
tar -C "$root" -xf "$base"
for m in proc dev dev/pts; do
    mkdir -p "$root/$m"
    case $m in
        proc) mount -t proc proc "$root/proc" ;;
        *) mount --bind "/$m" "$root/$m" ;;
    esac
    mounted+=("$root/$m")
done
mount --bind "$cache" "$root/var/cache/apt/archives"
mounted+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf"
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
# As on a real machine without systemd running: packages may not start services here.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/tmp/debs-old" "$root/tmp/debs-new"
cp "$old_debs"/osaamissilta-server_*.deb "$root/tmp/debs-old/"
cp "$new_debs"/osaamissilta-*.deb "$root/tmp/debs-new/"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
as_service() { in_root su -s /bin/sh osaamissilta -c "$*"; }
S="osaamissilta-server --config /etc/osaamissilta/server.ini"
start_server() {  # the installed server as its user, from its config, on a free port
    chroot "$root" su -s /bin/sh osaamissilta -c "exec $S serve --port 0" >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        port=$(grep -oE '^listening on .*:[0-9]+' "$work/server.log" | grep -oE '[0-9]+$' || true)
        if [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/api/v1/health" >"$work/health.json" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    cat "$work/server.log" >&2
    fail "the installed server did not answer"
}
stop_server() { kill "$server_pid"; wait "$server_pid" || true; server_pid=; }
# Reads the root's database from here without creating any file beside it (-wal/-shm as root
# would lock the service user out).
query() { sqlite3 "file:$root/var/lib/osaamissilta/server.db?immutable=1" "$1"; }

log "apt-get update in the root"
in_root apt-get update -qq >/dev/null

log "1. the previous version: $(basename "$root"/tmp/debs-old/*.deb)"
in_root sh -c "apt-get install -y -qq --no-install-recommends systemd /tmp/debs-old/*.deb" >"$work/apt-old.log" 2>&1 ||
    { tail -20 "$work/apt-old.log"; fail "installing the previous version"; }
old_version=$(in_root dpkg-query -W -f='${Version}' osaamissilta-server)
old_schema="schema $(sed -n 's/^schema=//p' packaging/previous-release)"
[ "$(as_service "$S backup /tmp/probe-old" | grep -o 'schema [0-9]*')" = "$old_schema" ] ||
    fail "the previous version is not at $old_schema"
rm -rf "$root/tmp/probe-old"
cat >"$root/tmp/roster.csv" <<'CSV'
staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager
1001,Aino Virtanen,varhaiskasvatuksen opettaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee,1005
1002,Mikko Korhonen,lastenhoitaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee,1005
1005,Helena Laine,päiväkodinjohtaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee|manager|daycare_director,
CSV
as_service "$S import-roster /tmp/roster.csv" | grep -q "3 people in 1 units imported" || fail "roster import (previous version)"
as_service "$S publish-catalog /usr/share/osaamissilta/server/catalog/2026.json" | grep -q "2026" || fail "publish (previous version)"
as_service "$S enrol-code --unit pk_tahtitaivas" | grep -qE '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$' || fail "enrol-code"
as_service "$S pin-code 1002" >/dev/null || fail "pin-code"
start_server
stop_server
keys_before=$(cd "$root/var/lib/osaamissilta/keys" && sha256sum ./*)
db_people_before=$(query "SELECT group_concat(staff_number || ':' || setup_verifier, ',') FROM person")
log "   $old_version: 3 people, the 2026 catalogue, an enrolment code and a PIN-setup code written"

log "2. upgrade to $(cd "$root/tmp/debs-new" && echo *.deb)"
in_root sh -c "apt-get install -y -qq --no-install-recommends /tmp/debs-new/*.deb" >"$work/apt-new.log" 2>&1 ||
    { tail -20 "$work/apt-new.log"; fail "installing the new packages"; }
new_version=$(in_root dpkg-query -W -f='${Version}' osaamissilta-server)
in_root dpkg --compare-versions "$new_version" gt "$old_version" || fail "$new_version is not newer than $old_version"
[ "$(cd "$root/var/lib/osaamissilta/keys" && sha256sum ./*)" = "$keys_before" ] || fail "the upgrade changed the keys"
start_server  # as the service is restarted after an upgrade: it migrates the database forward
curl -fsS "http://127.0.0.1:$port/leaders/" | grep -q '<form' || fail "the leaders' sign-in page (installed texts)"
stop_server
summary=$(as_service "$S backup /tmp/after-upgrade")
echo "   $summary"
# The schema a new installation of this version starts with: the upgraded data must be there too.
latest=$(as_service "osaamissilta-server --data /tmp/fresh-install init >/dev/null && osaamissilta-server --data /tmp/fresh-install backup /tmp/fresh-backup" |
         grep -o 'schema [0-9]*')
[ -n "$latest" ] && [ "${latest#schema }" -gt "${old_schema#schema }" ] || fail "a fresh installation of the new version reports '$latest'"
rm -rf "$root/tmp/fresh-install" "$root/tmp/fresh-backup"
echo "$summary" | grep -q "$latest, 3 people" || fail "after the upgrade, not at $latest: $summary"
[ "$(query "SELECT group_concat(staff_number || ':' || setup_verifier, ',') FROM person")" = "$db_people_before" ] ||
    fail "people or their PIN-setup codes changed in the upgrade"
[ "$(query "SELECT count(*) FROM catalog WHERE year = 2026")" = 1 ] || fail "the catalogue is gone"
echo "a-long-password-for-hr" | as_service "$S hr-user tarkastaja" | grep -q ready || fail "hr-user (schema 2 and later)"

log "3. the installed packages"
[ "$(in_root osaamissilta-server --version)-1" = "$new_version" ] || fail "--version does not say ${new_version%-1}"
in_root dpkg-query -W -f='${Conffiles}\n' osaamissilta-server | grep -q /etc/osaamissilta/server.ini || fail "server.ini is no conffile"
in_root dpkg-query -W -f='${Conffiles}\n' osaamissilta-kiosk | grep -q /etc/osaamissilta/kiosk.conf || fail "kiosk.conf is no conffile"
[ "$(in_root stat -c '%U %a' /var/lib/osaamissilta)" = "osaamissilta 700" ] || fail "/var/lib/osaamissilta is not osaamissilta's, 0700"
[ "$(in_root stat -c '%U %a' /var/lib/osaamissilta/keys/storage.key)" = "osaamissilta 600" ] || fail "storage.key is not 0600"
in_root $S backup /tmp/as-root >/dev/null 2>&1 && fail "root could back up the service's data (files it could not read later)"
in_root getent passwd osaamissilta-kiosk | grep -q nologin || fail "no locked-down kiosk user"
missing=$(in_root sh -c 'ldd /usr/bin/osaamissilta-kiosk /usr/bin/osaamissilta-server | grep "not found"' || true)
[ -z "$missing" ] || fail "libraries missing after installing the dependencies: $missing"
in_root osaamissilta-kiosk --help | grep -q /usr/share/osaamissilta/kiosk || fail "the kiosk does not default to its installed assets"
[ -f "$root/usr/share/osaamissilta/kiosk/i18n/fi.json" ] || fail "kiosk assets missing"
for lang in fi sv en; do
    [ -f "$root/usr/share/osaamissilta/server/i18n/web/$lang.json" ] || fail "the web pages' $lang texts are missing"
done
in_root sh -c 'zcat /usr/share/man/man1/osaamissilta-server.1.gz' | grep -q 'restore' || fail "man page"
for doc in model decisions operations protocol security; do  # the product explains itself
    compgen -G "$root/usr/share/doc/osaamissilta-server/$doc.md*" >/dev/null || fail "docs/$doc.md not installed"
done
[ -L "$root/etc/systemd/system/multi-user.target.wants/osaamissilta-server.service" ] || fail "the service is not enabled"
[ -L "$root/etc/systemd/system/graphical.target.wants/osaamissilta-kiosk.service" ] && fail "the kiosk session enabled itself"
for unit in osaamissilta-server osaamissilta-kiosk; do
    # (cage is only recommended, so not installed here)
    in_root systemd-analyze verify --man=no "/usr/lib/systemd/system/$unit.service" 2>&1 |
        grep -v -e "/usr/bin/cage" -e "^$" >"$work/verify-$unit.log" || true
    [ ! -s "$work/verify-$unit.log" ] || { cat "$work/verify-$unit.log"; fail "systemd-analyze verify $unit"; }
done
exposure=$(in_root systemd-analyze security --offline=true /usr/lib/systemd/system/osaamissilta-server.service 2>/dev/null |
           grep -o 'level for.*' || echo '?')
log "   unit files verified; server $exposure"
start_server
log "   health: $(cat "$work/health.json")"
grep -q '"status":"ok"' "$work/health.json" && grep -q '"intact":true' "$work/health.json" || fail "unhealthy answer"

log "4. the nginx example in front of it"
in_root apt-get install -y -qq --no-install-recommends nginx >"$work/apt-nginx.log" 2>&1 ||
    { tail -20 "$work/apt-nginx.log"; fail "installing nginx"; }
mkdir -p "$root/etc/ssl/osaamissilta"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$root/etc/ssl/osaamissilta/privkey.pem" \
    -out "$root/etc/ssl/osaamissilta/fullchain.pem" 2>/dev/null
tls_port=$(shuf -i 20000-40000 -n 1)
http_port=$((tls_port + 1))
# The example as shipped, with only its addresses made local to this test.
zcat -f "$root/usr/share/doc/osaamissilta-server/examples/nginx-osaamissilta.conf" |
    sed -e "s|server 127.0.0.1:8443;|server 127.0.0.1:$port;|" -e '/listen \[::\]/d' \
        -e "s|listen 443 ssl http2;|listen 127.0.0.1:$tls_port ssl http2;|" -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
        >"$root/etc/nginx/sites-available/osaamissilta"
cat >"$root/etc/nginx/osaamissilta-test.conf" <<NGINX
user www-data;
pid /run/nginx-osaamissilta-test.pid;
error_log /tmp/nginx-error.log;
events {}
http {
    access_log off;
    include /etc/nginx/sites-available/osaamissilta;
}
NGINX
in_root nginx -t -c /etc/nginx/osaamissilta-test.conf >"$work/nginx-t.log" 2>&1 || { cat "$work/nginx-t.log"; fail "nginx -t"; }
chroot "$root" nginx -c /etc/nginx/osaamissilta-test.conf -g 'daemon off;' >"$work/nginx.log" 2>&1 &
nginx_pid=$!
https() { curl -sS --cacert "$root/etc/ssl/osaamissilta/fullchain.pem" "$@"; }
for _ in $(seq 50); do https -o /dev/null "https://localhost:$tls_port/api/v1/health" 2>/dev/null && break; sleep 0.1; done
through=$(https "https://localhost:$tls_port/api/v1/health") || { cat "$work/nginx.log" "$root/tmp/nginx-error.log"; fail "no answer through nginx"; }
echo "$through" | grep -q '"status":"ok"' || fail "through nginx: $through"
head -c $((5 * 1024 * 1024)) /dev/zero >"$work/big.body"
# nginx answers 413 before the body is all sent and closes: curl may report that, too.
big=$(https --http1.1 -o /dev/null -w '%{http_code}' --data-binary @"$work/big.body" "https://localhost:$tls_port/api/v1/push" 2>/dev/null || true)
[ "$big" = 413 ] || fail "a 5 MiB body got $big through nginx, not 413"
long_header=$(https --http1.1 -o /dev/null -w '%{http_code}' -H "X-Osm-Padding: $(head -c 20000 /dev/zero | tr '\0' a)" \
              "https://localhost:$tls_port/api/v1/health")
[ "$long_header" = 400 ] || fail "a 20 KB header got $long_header through nginx, not 400"
redirect=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/api/v1/health")
[ "$redirect" = 301 ] || fail "plain HTTP got $redirect, not a redirect"
log "   TLS through nginx: health ok; a 5 MiB body 413, a 20 KB header 400, plain HTTP 301"
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=

stop_server
log "passed: packages install on a clean Debian 12, upgrade $old_version -> $new_version keeps the data, the server answers"
