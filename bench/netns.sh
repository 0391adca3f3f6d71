# Network namespaces for bench/run.sh (sourced, not run; needs root and iproute2).
#
# One "hub" namespace holds a bridge; every host is its own namespace with one interface, eth0,
# whose other end sits on the bridge. A host's upload is shaped on its eth0, its download on the
# bridge end, each with a token bucket (tc tbf), so a host's link is what the scenario says and
# nothing else shares it. Because each host's eth0 carries only its own traffic, its interface
# counters are the bytes on the wire, whatever the tool reports. All names carry this run's prefix,
# so runs side by side do not meet, and ns_teardown removes every namespace (and so every link).

NS_PREFIX=${NS_PREFIX:-fb$$-}
NS_HUB=${NS_PREFIX}hub
NS_HOSTS=()
NS_NEXT_IP=2

ns_setup_hub() {
    ip netns add "$NS_HUB"
    ip -n "$NS_HUB" link add br0 type bridge
    ip -n "$NS_HUB" link set br0 up
    ip -n "$NS_HUB" link set lo up
}

# ns_add NAME : a host namespace on the hub, unshaped; sets NS_IP_<NAME>.
ns_add() {
    local name=$1 ns=$NS_PREFIX$1 ip=10.88.0.$NS_NEXT_IP
    NS_NEXT_IP=$((NS_NEXT_IP + 1))
    ip netns add "$ns"
    NS_HOSTS+=("$name")
    ip -n "$NS_HUB" link add "v-$name" type veth peer name eth0 netns "$ns"
    ip -n "$NS_HUB" link set "v-$name" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up
    printf -v "NS_IP_$name" '%s' "$ip"
}

ns_ip() { local v="NS_IP_$1"; echo "${!v}"; }

# tbf needs a bucket of at least one timer tick's worth of bytes; 4 ms of the rate, at least 64 KiB.
ns_burst() { numfmt --from=si "$(echo "${1%bit}" | tr a-z A-Z)" | awk '{b = $1 / 8 / 250; print (b < 65536 ? 65536 : int(b))}'; }

# ns_shape NAME UP DOWN : limit NAME's link (rates as tc takes them: 100mbit; "-" for unlimited).
ns_shape() {
    local name=$1 up=$2 down=$3 ns=$NS_PREFIX$1
    ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null || true
    ip netns exec "$NS_HUB" tc qdisc del dev "v-$name" root 2>/dev/null || true
    [ "$up" = - ] || ip netns exec "$ns" tc qdisc add dev eth0 root tbf rate "$up" burst "$(ns_burst "$up")" latency 50ms
    [ "$down" = - ] || ip netns exec "$NS_HUB" tc qdisc add dev "v-$name" root tbf rate "$down" burst "$(ns_burst "$down")" latency 50ms
}

# in_ns NAME CMD... : run CMD inside host NAME.
in_ns() { local ns=$NS_PREFIX$1; shift; ip netns exec "$ns" "$@"; }

# ns_bytes NAME : "received sent" bytes on NAME's eth0 so far (Ethernet frames, headers included).
ns_bytes() {
    local ns=$NS_PREFIX$1
    ip netns exec "$ns" cat /sys/class/net/eth0/statistics/rx_bytes /sys/class/net/eth0/statistics/tx_bytes | paste -sd' '
}

ns_teardown() {
    local name ns
    for name in "${NS_HOSTS[@]}"; do
        ns=$NS_PREFIX$name
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    done
    sleep 0.5
    for name in "${NS_HOSTS[@]}"; do
        ns=$NS_PREFIX$name
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    ip netns del "$NS_HUB" 2>/dev/null || true
    NS_HOSTS=()
}
