#!/bin/bash
# Installs a kdump-receiver .deb into a throw-away copy of this machine's root and boots it under real
# systemd, then checks what an operator would: the service runs as its own user with the shipped unit, its
# sandbox score, /readyz, a real ssh dump landing sealed and complete, restart, remove and purge.
#
# Usage (as root): boot-under-systemd.sh DEB WORK
#   DEB   the package;  WORK  an empty directory for the overlay (a tmpfs is mounted on it)
# Everything happens in a private mount namespace (the root is an overlay of /, changes go to a tmpfs)
# and the container has its own network namespace with only loopback: the machine is left untouched.
# Prints one "CHECK name: value" line per check; exits non-zero on the first failure.
set -euo pipefail
deb=$(readlink -f "$1")
work=$(readlink -f "$2")

if [[ -z "${BOOT_IN_NAMESPACE:-}" ]]; then
    exec env BOOT_IN_NAMESPACE=1 unshare --mount --propagation private "$0" "$@"
fi

say() { printf 'CHECK %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*" >&2; exit 1; }

mount -t tmpfs -o size=3g tmpfs "$work"
mkdir -p "$work/upper" "$work/work" "$work/root" "$work/out"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/root"
root=$work/root
# A container image's policy-rc.d ("exit 101": never start or stop services from maintainer scripts)
# would hide what the package's scripts do on a real machine, which has none.
rm -f "$root/usr/sbin/policy-rc.d"
rm -f "$root/etc/machine-id"
systemd-machine-id-setup --root="$root" >/dev/null
# The host's own services have no business in the test root: mask what the host enables.
mapfile -t enabled < <(systemctl --root="$root" list-unit-files --state=enabled --no-legend \
    | awk '{print $1}' | grep -E '\.(service|socket|timer)$' | grep -v '@' || true)
if ((${#enabled[@]})); then
    systemctl --root="$root" mask "${enabled[@]}" >/dev/null 2>&1
fi
cp "$deb" "$root/root/"
debname=$(basename "$deb")

# Boot. The container's own PID 1 is systemd; its journal and console go to boot.log.
systemd-nspawn -D "$root" --register=no --keep-unit --private-network --boot --quiet \
    > "$work/out/boot.log" 2>&1 &
nspawn=$!
trap 'kill $nspawn 2>/dev/null || true; wait $nspawn 2>/dev/null || true' EXIT

leader=""
for _ in $(seq 1 300); do
    leader=$(pgrep --parent "$nspawn" -x systemd || true)
    [[ -n "$leader" ]] && break
    sleep 0.2
done
[[ -n "$leader" ]] || fail "no systemd inside the container: $(tail -5 "$work/out/boot.log")"
inside() { nsenter --target "$leader" --mount --uts --ipc --net --pid -- "$@"; }
for _ in $(seq 1 300); do
    state=$(inside systemctl is-system-running 2>/dev/null || true)
    [[ "$state" == running || "$state" == degraded ]] && break
    sleep 0.5
done
say "container: $state"

# Install as an operator would, inside the booted system.
inside env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/root/$debname" \
    > "$work/out/install.log" 2>&1 || fail "apt-get install: $(tail -20 "$work/out/install.log")"
say "installed: $(inside dpkg-query -W -f='${Package} ${Version} ${Status}' kdump-receiver)"

# The operator's part: a recipient whose key is off the receiver, and ports of the test's choosing.
inside /usr/bin/kdump-receiver keygen -o /root/operator.key > "$work/out/keygen.log" 2>&1 \
    || fail "keygen: $(cat "$work/out/keygen.log")"
recipient=$(grep -o 'age1[0-9a-z]*' "$work/out/keygen.log" | head -1)
[[ -n "$recipient" ]] || fail "no recipient from keygen: $(cat "$work/out/keygen.log")"
cat > "$work/out/config.yaml" <<YAML
state_dir: /var/lib/kdump-receiver
storage:
  root: /srv/kdump
encryption:
  recipients: [$recipient]
ssh:
  listen: 127.0.0.1:2222
  authorized_keys: /etc/kdump-receiver/authorized_keys
metrics:
  listen: 127.0.0.1:9465
YAML
inside sh -c 'cat > /etc/kdump-receiver/config.yaml' < "$work/out/config.yaml"
inside /usr/bin/kdump-receiver check-config --config /etc/kdump-receiver/config.yaml > "$work/out/check.log" 2>&1 \
    || fail "check-config: $(cat "$work/out/check.log")"
inside systemctl enable --now kdump-receiver.service > "$work/out/enable.log" 2>&1 \
    || fail "enable --now: $(cat "$work/out/enable.log")"

ready() {
    for _ in $(seq 1 240); do
        if inside curl -fsS --max-time 2 http://127.0.0.1:9465/readyz > "$work/out/readyz" 2>/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    inside systemctl status --no-pager kdump-receiver > "$work/out/status.log" 2>&1 || true
    inside journalctl -u kdump-receiver --no-pager > "$work/out/journal.log" 2>&1 || true
    fail "/readyz never answered 200: $(tail -20 "$work/out/status.log") $(tail -30 "$work/out/journal.log")"
}
ready
say "readyz: $(cat "$work/out/readyz")"
say "service: $(inside systemctl show -p ActiveState -p SubState -p User --value kdump-receiver | tr '\n' ' ')"
pid=$(inside systemctl show -p MainPID --value kdump-receiver)
say "process user: $(inside ps -o user= -p "$pid")"
inside systemd-analyze security --no-pager kdump-receiver.service > "$work/out/security.log" 2>&1 || true
say "$(grep -o 'Overall exposure level for kdump-receiver.service: .*' "$work/out/security.log")"
inside systemd-analyze verify /lib/systemd/system/kdump-receiver.service > "$work/out/verify.log" 2>&1 || true
say "systemd-analyze verify: $(wc -c < "$work/out/verify.log") bytes of output"
cp "$work/out/verify.log" "$work/out/verify.txt"

# A real dump over ssh, as a kdump client sends it.
inside sh -c 'rm -f /root/client /root/client.pub && ssh-keygen -q -t ed25519 -N "" -C root@web-17 -f /root/client \
    && cat /root/client.pub >> /etc/kdump-receiver/authorized_keys \
    && /usr/bin/kdump-receiver host-key --config /etc/kdump-receiver/config.yaml 2>/dev/null | grep "^\[" > /root/known_hosts' \
    || fail "client key or host key"
send() {
    inside sh -c 'seq 1 200000 > /root/dmesg.txt && ssh -p 2222 -i /root/client -o BatchMode=yes -o UserKnownHostsFile=/root/known_hosts \
        -o StrictHostKeyChecking=yes kdump@127.0.0.1 "mkdir -p /var/crash/web-17-$1 && dd of=/var/crash/web-17-$1/dmesg.$1" \
        < /root/dmesg.txt' sh "$1"
}
send 202612021200 > "$work/out/ssh1.log" 2>&1 || fail "ssh dd: $(cat "$work/out/ssh1.log")"
say "ssh dd: $(tail -1 "$work/out/ssh1.log")"
inside /usr/bin/kdump-receiver dumps list --config /etc/kdump-receiver/config.yaml > "$work/out/dumps.log" 2>&1 || true
say "dumps list: $(grep -c web-17 "$work/out/dumps.log") dump(s) of web-17; $(grep -o 'complete' "$work/out/dumps.log" | head -1)"
inside sh -c 'f=$(ls /srv/kdump/web-17/*/dmesg.202612021200.zst.age) && age -d -i /root/operator.key "$f" | zstd -dc | cmp - /root/dmesg.txt' \
    || fail "the stored dump does not open to what was sent"
say "sealed dump opens with age and zstd to the bytes sent: yes"
say "stored file owner: $(inside stat -c %U /srv/kdump/web-17)"

inside systemctl restart kdump-receiver.service || fail "restart"
ready
send 202612021201 > "$work/out/ssh2.log" 2>&1 || fail "ssh dd after restart: $(cat "$work/out/ssh2.log")"
say "after restart: $(inside systemctl is-active kdump-receiver), readyz $(cat "$work/out/readyz"), second dump sent"

inside env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q kdump-receiver > "$work/out/remove.log" 2>&1 \
    || fail "remove: $(tail -5 "$work/out/remove.log")"
say "after remove: config $(inside sh -c 'test -f /etc/kdump-receiver/config.yaml && echo kept || echo gone'), dumps $(inside sh -c 'ls /srv/kdump/web-17 | wc -l') kept, service $(inside systemctl is-active kdump-receiver || true)"
inside env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q kdump-receiver > "$work/out/purge.log" 2>&1 \
    || fail "purge: $(tail -5 "$work/out/purge.log")"
say "after purge: config $(inside sh -c 'test -e /etc/kdump-receiver && echo kept || echo gone'), dumps $(inside sh -c 'ls /srv/kdump/web-17 | wc -l') kept"
inside systemctl poweroff || true
