#!/usr/bin/env bash
# Debian packages the test suite needs: a container engine behind the Docker API (podman with
# runc), a real OCI registry, static busybox for local base images, real PostgreSQL and MariaDB
# servers, the AWS CLI (the peer in the sync benchmark), and botocore's AWS service models (plain
# JSON, read by the service-model conformance tests). Idempotent and quiet.
# `--check` installs nothing: it prints the missing packages (exit 0), or exits 2 without dpkg.
# `npm test` and `npm run demo` call it through scripts/system-packages.mjs.
set -euo pipefail
packages=(podman runc docker-registry busybox-static skopeo postgresql mariadb-server awscli openssl python3-botocore)
if [ "${1:-}" = "--check" ] && ! command -v dpkg-query >/dev/null; then exit 2; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${1:-}" = "--check" ]; then echo "${missing[*]}"; exit 0; fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The packages start system services on install; the tests run their own instances on loopback.
for service in postgresql mariadb mysql docker-registry; do
  (command -v service >/dev/null && service "$service" stop >/dev/null 2>&1) || true
done
echo "system packages ready"
