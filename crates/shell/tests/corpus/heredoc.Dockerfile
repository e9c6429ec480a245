# syntax=docker/dockerfile:1
FROM alpine:3.20

RUN <<EOF
set -eu
apk add --no-cache curl jq
if ! command -v jq >/dev/null; then
  echo "jq missing" >&2
  exit 1
fi
EOF

RUN cat <<'CONF' > /etc/app.conf && chmod 0644 /etc/app.conf
[server]
listen = ${PORT:-8080}
CONF

RUN <<-SCRIPT bash
	set -euo pipefail
	mkdir -p /opt/app
	curl -fsSL "https://example.invalid/app-$(uname -m).tar.gz" | tar -xz -C /opt/app
	echo "✓ installed ünïcode"
SCRIPT
