FROM alpine:3.20

RUN set -eux; \
	apk add --no-cache --virtual .build-deps \
		coreutils \
		gcc \
		linux-headers \
		make \
		musl-dev \
		openssl-dev \
	; \
	\
	wget -O app.tar.gz "$APP_URL"; \
	echo "$APP_SHA256 *app.tar.gz" | sha256sum -c -; \
	mkdir -p /usr/src/app; \
	tar -xzf app.tar.gz -C /usr/src/app --strip-components=1; \
	rm app.tar.gz; \
	\
	make -C /usr/src/app -j "$(nproc)" all; \
	make -C /usr/src/app install; \
	\
	runDeps="$( \
		scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \
			| tr ',' '\n' \
			| sort -u \
			| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \
	)"; \
	apk add --no-network --virtual .app-rundeps $runDeps; \
	apk del --no-network .build-deps; \
	\
	app --version

RUN set -eux; \
	IFS=. read -r major minor patch <<< "$APP_VERSION"; \
	if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 2 )); then \
		echo "modern: $((major * 100 + minor))"; \
	fi; \
	declare -A seen=(); \
	for f in /etc/app/*.conf; do \
		[ -e "$f" ] || continue; \
		name="${f##*/}"; name="${name%.conf}"; \
		printf '%s\n' "${name^^}"; \
	done 2>/dev/null | sort > /tmp/confs; \
	ver="${APP_VERSION//./_}"; \
	cnt=0; while [ $cnt -lt 3 ]; do cnt=$((cnt+1)); done; \
	exec 3>&1; \
	{ printf 'a\n'; printf 'b\n'; } >&3; \
	test -n "${ver:0:3}"

RUN addgroup -S app && adduser -S -G app -h /home/app app \
	&& mkdir -p /home/app/.config \
	&& chown -R app:app /home/app \
	&& su-exec app sh -c 'echo "hello from $(whoami)" > /home/app/hello' \
	&& sed -i -E "s/^(#\s*)?(listen)\s*=.*/\2 = 0.0.0.0/" /etc/app/app.conf

RUN --mount=type=cache,target=/var/cache/apk \
	apk add curl \
	&& curl -fsSL "https://example.invalid/install.sh" | sh -s -- --prefix=/usr/local \
	&& rm -rf /tmp/* /var/tmp/*
