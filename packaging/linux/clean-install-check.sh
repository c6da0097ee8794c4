#!/usr/bin/env bash
# Installs a built Seedframe .deb into a clean Debian 12 (a debootstrap'ed minbase folder, nothing else in it) the way
# the README tells a designer to (apt install ./the.deb, which pulls the declared dependencies), then, as an ordinary
# user of that system: draws a picture with the command line into a project, lists its history, starts the studio on
# that project under a virtual X display and takes a screenshot; then removes the package and checks what it leaves.
# Then once more with a desktop's menu and MIME tools in the system: the menu entry and the .seedframe file type are
# registered on install (xdg-open, a double-click, opens a .seedframe file in the studio) and unregistered on removal.
# It shows what LinuxPackageTest cannot on the build machine: that the package's Depends are enough on a system that
# has nothing else, and that its maintainer scripts run under a real dpkg.
#
#   sudo packaging/linux/clean-install-check.sh target/installer/seedframe_0.1.0-1_amd64.deb [WORK]
#
# Needs root (chroot, mounts), debootstrap, Xvfb, ImageMagick and x11-utils' xwininfo on this machine, and Debian's
# mirror (http://deb.debian.org/debian, or DEBIAN_MIRROR). Exits 2 when the machine cannot run it, 1 when a check
# fails. LinuxPackageTest runs it on the .deb it builds. WORK (default target/clean-install) keeps the clean system
# between runs (a fresh copy of it is used each time) and receives circle.png, studio.png and check.log.
set -euo pipefail

# The clean system's /proc, /sys and /dev are mounted in a mount namespace of this script's own, so that they vanish
# with it however it ends (even killed): none is left for a later "rm -rf" of the work folder to descend into.
if [ -z "${SEEDFRAME_CHECK_UNSHARED:-}" ] && [ "$(id -u)" = 0 ]; then
    unshare --mount true 2>/dev/null \
        || { echo "clean-install-check: this machine allows no mount namespace" >&2; exit 2; }
    exec env SEEDFRAME_CHECK_UNSHARED=1 unshare --mount --propagation private "$0" "$@"
fi

deb=$(realpath "${1:?usage: clean-install-check.sh PACKAGE.deb [WORK]}")
work=$(realpath -m "${2:-target/clean-install}")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
display=:${CHECK_DISPLAY:-71}
user=designer

[ "$(id -u)" = 0 ] || { echo "clean-install-check: needs root (it uses chroot)" >&2; exit 2; }
for tool in debootstrap unshare Xvfb import identify xwininfo; do
    command -v "$tool" >/dev/null || { echo "clean-install-check: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$work"
log=$work/check.log
: >"$log"
say() { echo "== $*" | tee -a "$log"; }

base=$work/bookworm-minbase
if [ ! -x "$base/usr/bin/apt-get" ]; then
    say "debootstrap --variant=minbase bookworm ($mirror)"
    rm -rf "$base.partial"
    debootstrap --variant=minbase bookworm "$base.partial" "$mirror" >>"$log" 2>&1
    mv "$base.partial" "$base"
fi
root=$work/root
if findmnt -rn -o TARGET | grep -q "^$root/"; then
    echo "clean-install-check: something is still mounted under $root; unmount it first" >&2
    exit 2
fi
rm -rf "$root"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# Ends every process running inside the clean system (the studio, what xdg-open started), and nothing else.
kill_in_root() {
    local pid
    for pid in /proc/[0-9]*; do
        if [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ]; then
            kill "${pid#/proc/}" 2>/dev/null || true
        fi
    done
    sleep 2
}
xvfb_pid=
cleanup() {
    kill_in_root
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    for m in tmp/.X11-unix dev/pts dev sys proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m"
    done
}
trap cleanup EXIT
mount -t proc proc "$root/proc" || { echo "clean-install-check: cannot mount here" >&2; exit 2; }
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() { chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/$user USER=$user LANG=C.UTF-8 \
    DISPLAY=$display /usr/sbin/runuser -u $user -- "$@"; }

say "apt install ./$(basename "$deb") into the clean system"
packages_before=$(in_root dpkg-query -W -f '.\n' | wc -l)
cp "$deb" "$root/tmp/seedframe.deb"
in_root apt-get update -qq >>"$log" 2>&1
start=$(date +%s)
in_root apt-get install -y -q /tmp/seedframe.deb >>"$log" 2>&1
packages_after=$(in_root dpkg-query -W -f '.\n' | wc -l)
pulled=$(( packages_after - packages_before - 1 ))
say "installed in $(( $(date +%s) - start )) s: seedframe and $pulled packages it pulled"
in_root dpkg-query -W -f '${Depends}\n' seedframe | tee -a "$log"
test -L "$root/usr/bin/seedframe"
test -x "$root/opt/seedframe/bin/Seedframe"

say "as the user '$user': seedframe generate, then seedframe history"
in_root useradd -m -s /bin/bash $user
start=$(date +%s)
as_user seedframe generate --prompt "a red circle on a blue background, top left" --negative-prompt " " --seed 1 \
    --out /home/$user/circle.png --project /home/$user/try.seedframe 2>&1 | tee -a "$log"
say "generate took $(( $(date +%s) - start )) s (including the first start's libtorch unpacking)"
as_user seedframe history --project /home/$user/try.seedframe 2>&1 | tee -a "$log"
cp "$root/home/$user/circle.png" "$work/circle.png"
identify "$work/circle.png" | tee -a "$log"
test -d "$root/home/$user/.cache/seedframe/djl" || { echo "no libtorch in the user's cache folder" >&2; exit 1; }

say "the studio on that project (as the desktop entry starts it) under Xvfb $display"
mkdir -p "$root/tmp/.X11-unix"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >>"$log" 2>&1 &
xvfb_pid=$!
sleep 2
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
as_user /opt/seedframe/bin/Seedframe /home/$user/try.seedframe >>"$log" 2>&1 &
studio=$!
for _ in $(seq 1 120); do
    if xwininfo -display "$display" -root -tree 2>/dev/null | grep -q '"Seedframe'; then break; fi
    kill -0 $studio 2>/dev/null || { echo "the studio ended before it showed a window" >&2; exit 1; }
    sleep 1
done
xwininfo -display "$display" -root -tree | grep '"Seedframe' | tee -a "$log" \
    || { echo "the studio showed no window in 120 s" >&2; exit 1; }
sleep 8 # let it draw the project's history and its image
import -display "$display" -window root "$work/studio.png"
say "screenshot: $work/studio.png"
kill_in_root
wait $studio 2>/dev/null || true

say "apt remove seedframe"
in_root apt-get remove -y -q seedframe >>"$log" 2>&1
test ! -e "$root/usr/bin/seedframe" || { echo "/usr/bin/seedframe is left behind" >&2; exit 1; }
test ! -e "$root/opt/seedframe/bin" || { echo "/opt/seedframe is left behind" >&2; exit 1; }
test -f "$root/home/$user/try.seedframe"
say "removed: no /usr/bin/seedframe, no /opt/seedframe; the user's project and cache are kept"

say "again on a desktop's menu and MIME tools (gnome-menus, desktop-file-utils, shared-mime-info): the registration"
in_root apt-get install -y -q --no-install-recommends gnome-menus desktop-file-utils shared-mime-info >>"$log" 2>&1
in_root apt-get install -y -q /tmp/seedframe.deb >>"$log" 2>&1
test -f "$root/usr/share/applications/seedframe-Seedframe.desktop" || { echo "no menu entry" >&2; exit 1; }
grep -E '^(Exec|MimeType)=' "$root/usr/share/applications/seedframe-Seedframe.desktop" | tee -a "$log"
type=$(as_user xdg-mime query filetype /home/$user/try.seedframe)
handler=$(as_user xdg-mime query default application/x-seedframe)
say "a .seedframe file is $type, opened by $handler"
[ "$type" = application/x-seedframe ] && [ "$handler" = seedframe-Seedframe.desktop ]
as_user xdg-open /home/$user/try.seedframe >>"$log" 2>&1 &
for _ in $(seq 1 120); do
    if xwininfo -display "$display" -root -tree 2>/dev/null | grep -q '"Seedframe — try.seedframe"'; then break; fi
    sleep 1
done
xwininfo -display "$display" -root -tree | grep '"Seedframe — try.seedframe"' | tee -a "$log" \
    || { echo "xdg-open (a double-click) did not open the project in the studio" >&2; exit 1; }
say "xdg-open try.seedframe (a double-click) opened it in the studio"
kill_in_root
in_root apt-get remove -y -q seedframe >>"$log" 2>&1
test ! -e "$root/usr/share/applications/seedframe-Seedframe.desktop" || { echo "the menu entry is left" >&2; exit 1; }
handler=$(as_user xdg-mime query default application/x-seedframe || true)
[ -z "$handler" ] || { echo "a .seedframe file is still opened by $handler" >&2; exit 1; }
say "removed again: no menu entry, no handler for .seedframe files"
say "clean install check passed"
