#!/usr/bin/env bash
# Builds a minimal Redis image from this machine's Debian redis-server and redis-cli (package
# redis-server), for hosts that reach no container registry: the binaries and the shared libraries
# they link, imported as an image. examples/compose-shop runs it as its cache.
#   usage: docker/make-offline-redis-image.sh [tag]     (default tag: faultline-redis:local)
#   needs: apt-get install redis-server
set -euo pipefail
tag="${1:-faultline-redis:local}"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/usr/local/bin" "$root/tmp" "$root/etc" "$root/data"
chmod 1777 "$root/tmp" "$root/data"
for name in redis-server redis-cli; do
  bin="$(readlink -f "$(command -v "$name")")" || { echo "no $name: apt-get install redis-server" >&2; exit 1; }
  cp "$bin" "$root/usr/local/bin/$name"
  # The dynamic loader and every library ldd lists, at the same paths.
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
done
echo 'root:x:0:0:root:/root:/sbin/nologin' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' >> "$root/etc/passwd"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'WORKDIR /data' \
  --change 'EXPOSE 6379' \
  --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
  - "$tag" >/dev/null
echo "built $tag from $(redis-server --version | cut -d' ' -f3)"
