#!/usr/bin/env bash
# Builds a minimal base image from this machine's own Node.js, for hosts that reach no container
# registry: the node binary and the shared libraries it links, imported as an image. Images built
# FROM it get BASE_IMAGE=faultline-base:node (see sample-mesh/Dockerfile).
#   usage: docker/make-offline-base-image.sh [tag]     (default tag: faultline-base:node)
set -euo pipefail
tag="${1:-faultline-base:node}"
node_bin="$(readlink -f "$(command -v node)")"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/usr/local/bin" "$root/tmp" "$root/etc" "$root/app"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"
# The dynamic loader and every library ldd lists, at the same paths.
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
echo 'root:x:0:0:root:/root:/sbin/nologin' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' >> "$root/etc/passwd"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'WORKDIR /app' \
  - "$tag" >/dev/null
echo "built $tag from $("$node_bin" --version) at $node_bin"
