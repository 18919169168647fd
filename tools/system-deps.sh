#!/usr/bin/env bash
# The OS packages some tests drive: Debian's Chromium + ChromeDriver (tests/browser) and
# nginx (tests/deploy/test_nginx_proxy.py). Installed when missing, as root or with a
# password-less sudo (`sudo -n`: never a password prompt). When they cannot be installed,
# one line says so and the exit status is still 0: those tests then skip, saying why, and
# the rest of the suite runs. Under CI=true (`.ci/run`, root on a clean machine) a failed
# install is an error, and the tests fail rather than skip.
set -uo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
NGINX=${NGINX:-/usr/sbin/nginx}
missing=()
[ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || missing+=(chromium chromium-driver)
[ -x "$NGINX" ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    msg="system-deps: ${missing[*]} missing and not installable (no root, no password-less sudo):"
    msg+=" browser and nginx tests will be skipped; run 'sudo make system-deps' to run them"
    echo "$msg" >&2
    [ -n "${CI:-}" ] && exit 1
    exit 0
fi

apt() { DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 "${sudo[@]}" apt-get "$@"; }
ok=1
apt update -qq || ok=0
# RUNLEVEL=1 keeps nginx's package from starting its own service: the test starts its own.
for pkg in "${missing[@]}"; do
    extra=()
    [ "$pkg" = nginx ] && extra=(--no-install-recommends)
    [ $ok = 1 ] && { apt install -y -qq "${extra[@]}" "$pkg" || ok=0; }
done
[ $ok = 1 ] && exit 0
echo "system-deps: installing ${missing[*]} failed: browser and nginx tests will be skipped" >&2
[ -n "${CI:-}" ] && exit 1
exit 0
