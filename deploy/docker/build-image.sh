#!/usr/bin/env bash
# Builds sparsight:<version> from Debian packages alone (no container registry): debootstrap makes a Debian 12
# minbase root file system with openjdk-17-jre-headless and libpulse0 from this machine's Debian mirror, podman
# imports it as localhost/sparsight-base:bookworm (once), and deploy/docker/Dockerfile.debian copies Sparsight onto
# it. Needs root, debootstrap and podman (Debian packages). Run from anywhere after ./mvnw -B package -DskipTests.
# Environment: DEBIAN_MIRROR (default: the first of this machine's apt sources), SPARSIGHT_IMAGE_WORK (the root
# file system's folder; default target/image), SPARSIGHT_IMAGE (default sparsight:<version>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION=$(sed -n 's:.*<version>\(.*\)-SNAPSHOT</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
IMAGE="${SPARSIGHT_IMAGE:-sparsight:$VERSION}"
BASE=localhost/sparsight-base:bookworm
WORK="${SPARSIGHT_IMAGE_WORK:-$ROOT/target/image}"

for jar in sparsight.jar sparsight-job.jar; do
  [ -f "$ROOT/pipelines/target/$jar" ] || { echo "No pipelines/target/$jar: run ./mvnw -B package -DskipTests first." >&2; exit 1; }
done
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install $tool" >&2; exit 1; }
done

mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -1 | grep . && return
  sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1 | grep . && return
  echo "No Debian mirror found in /etc/apt: set DEBIAN_MIRROR." >&2
  exit 1
}

if ! podman image exists "$BASE"; then
  rootfs="$WORK/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  echo "Debian 12 minbase with Java 17 and libpulse0 into $rootfs ..."
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,libpulse0 bookworm "$rootfs" "$(mirror)" \
    >"$WORK/debootstrap.log" 2>&1 || { echo "debootstrap failed; see $WORK/debootstrap.log" >&2; exit 1; }
  chroot "$rootfs" useradd --uid 9999 --user-group --create-home flink
  mkdir -p "$rootfs/opt/flink/lib" "$rootfs/opt/flink/usrlib" "$rootfs/opt/flink/bin" "$rootfs/opt/flink/conf" \
    "$rootfs/opt/flink/log" "$rootfs/opt/flink/state"
  chroot "$rootfs" chown -R flink:flink /opt/flink
  rm -rf "$rootfs/var/lib/apt/lists"/* "$rootfs/var/cache/apt"/*.bin "$rootfs/var/cache/apt/archives"/*.deb
  tar -C "$rootfs" -c . | podman import --quiet --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - "$BASE" >/dev/null
  rm -rf "$rootfs"
  echo "Imported $BASE"
fi

podman build --quiet -f "$ROOT/deploy/docker/Dockerfile.debian" -t "$IMAGE" "$ROOT" >/dev/null
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "Built $IMAGE: $((size / 1000000)) MB"
