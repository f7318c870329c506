# Clean Debian 12 roots for the install checks (sourced, bash): scripts/check-fresh-root.sh
# runs the README's commands in one, tests/packaging/ installs the .deb into one.
#
# A root is made from a minbase debootstrap (plus git, ca-certificates and sudo, as a newcomer's
# machine has them) that is cached as a tarball outside the repository, so that later runs take
# seconds: $INGRESS_ROOT_CACHE, default ~/.cache/ingress-studio. The machine's own apt sources,
# apt network settings, name resolution and CA trust are copied in, nothing else of it; the
# packages apt downloads are cached there too (they are the same packages, and the point is
# which ones get installed, not downloading them again). Commands run in a private mount
# namespace, so /proc and friends are gone when they end, whatever happens; needs root.

debian_root_cache=${INGRESS_ROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ingress-studio}
debian_root_suite=bookworm

# Why a root cannot be made here, or nothing.
debian_root_unavailable() {
    [ "$(id -u)" -eq 0 ] || { echo "clean roots need root (chroot, mount)"; return; }
    command -v unshare >/dev/null || { echo "unshare (util-linux) is missing"; return; }
    command -v debootstrap >/dev/null || [ -f "$debian_root_cache/debian12-minbase.tar" ] ||
        echo "debootstrap is missing (apt-get install debootstrap)"
}

# The machine's Debian mirror, from its own apt sources.
debian_root_mirror() {
    local uri
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ')
    echo "${uri:-http://deb.debian.org/debian}"
}

# Makes the cached minbase tarball once (under a lock: tests may ask for it at the same time).
debian_root_tarball() {
    local tarball=$debian_root_cache/debian12-minbase.tar
    mkdir -p "$debian_root_cache"
    (
        flock 9
        [ -f "$tarball" ] && exit 0
        local tmp
        tmp=$(mktemp -d "$debian_root_cache/debootstrap.XXXXXX")
        echo "debian-root: debootstrap $debian_root_suite (minbase) into the cache, once" >&2
        if ! debootstrap --variant=minbase --include=git,ca-certificates,sudo \
            "$debian_root_suite" "$tmp" "$(debian_root_mirror)" >"$tmp.log" 2>&1; then
            tail -n 20 "$tmp.log" >&2
            rm -rf "$tmp" "$tmp.log"
            exit 1
        fi
        # Nothing of the build machine's package cache goes into the tarball.
        rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/*
        chmod 0755 "$tmp"
        tar -C "$tmp" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
        rm -rf "$tmp" "$tmp.log"
    ) 9>"$debian_root_cache/.lock"
    echo "$tarball"
}

# debian_root_create DIR: a new root in DIR (which must not exist yet).
debian_root_create() {
    local root=$1 tarball f
    tarball=$(debian_root_tarball) || return 1
    mkdir -p "$root"
    tar -C "$root" -xf "$tarball"
    chmod 0755 "$root" # its "/": a user in the root must be able to pass through it
    # apt: the sources that are switched on, and the settings of how to reach them.
    rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && cp "$f" "$root$f"
    done
    for f in /etc/apt/apt.conf.d/*; do
        [ -f "$f" ] && grep -qE '^[[:space:]]*Acquire' "$f" && cp "$f" "$root$f"
    done
    cp /etc/resolv.conf /etc/hosts "$root"/etc/
    # CA trust: the machine's own additions, made part of the root's store once it is rebuilt.
    if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
        cp -r /usr/local/share/ca-certificates/. "$root"/usr/local/share/ca-certificates/
        # (c_rehash's complaint about the bundle file itself is noise.)
        debian_root_run "$root" -- update-ca-certificates >/dev/null 2>&1
    fi
}

# debian_root_run DIR [--user NAME] -- COMMAND...: runs COMMAND in the root with a clean
# environment (PATH, HOME, LANG; CI passed on), as root or as NAME.
debian_root_run() {
    local root=$1 user=root
    shift
    if [ "${1:-}" = --user ]; then user=$2; shift 2; fi
    [ "${1:-}" = -- ] && shift
    local home=/root
    [ "$user" = root ] || home=/home/$user
    mkdir -p "$debian_root_cache/apt-archives/partial"
    unshare --mount --propagation private bash -c '
        root=$1 archives=$2 user=$3 home=$4; shift 4
        # The root a mount point of its own: in it, "/" can then be made private again, so
        # that a root can be made inside a root (scripts/check-fresh-root.sh --full runs the
        # packaging tests, which make one).
        mount --bind "$root" "$root" &&
        mount -t proc proc "$root/proc" &&
        mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" &&
        { mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" 2>/dev/null ||
            true; } && # only the log of apt wants a terminal
        mount --bind "$archives" "$root/var/cache/apt/archives" &&
        exec chroot "$root" /usr/sbin/runuser -u "$user" -- /usr/bin/env -i \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME="$home" USER="$user" LANG=C.UTF-8 TERM=dumb ${CI:+CI=$CI} \
            NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt "$@"
    ' debian-root "$root" "$debian_root_cache/apt-archives" "$user" "$home" "$@"
}

# debian_root_add_user DIR NAME: a user who may sudo without a password, as on a developer's
# machine.
debian_root_add_user() {
    debian_root_run "$1" -- useradd --create-home --shell /bin/bash "$2" &&
        echo "$2 ALL=(ALL) NOPASSWD: ALL" >"$1/etc/sudoers.d/$2" && chmod 0440 "$1/etc/sudoers.d/$2"
}

# debian_root_remove DIR: removes a root once nothing is mounted in it any more.
debian_root_remove() {
    local root=$1
    [ -n "$root" ] && [ -d "$root" ] || return 0
    if findmnt -rn -o TARGET | grep -qE "^$(realpath "$root")(/|$)"; then
        echo "debian-root: $root still has mounts; left in place" >&2
        return 1
    fi
    rm -rf "$root"
}
