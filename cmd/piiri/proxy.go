package main

import (
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/pires/go-proxyproto"
)

// proxyListener accepts the PROXY protocol (v1 or v2, HAProxy's
// send-proxy and send-proxy-v2) from the load balancers' addresses only:
// their connections must open with the header, and the server's
// per-address limits and logs see the client it names. Anyone else's
// connection is taken as it is, so a header they send is only a failed SSH
// handshake: nobody but the balancer can claim an address.
func proxyListener(l net.Listener, from []netip.Prefix, headerTimeout time.Duration) net.Listener {
	if len(from) == 0 {
		return l
	}
	return &proxyproto.Listener{
		Listener:          l,
		ReadHeaderTimeout: headerTimeout,
		ConnPolicy: func(o proxyproto.ConnPolicyOptions) (proxyproto.Policy, error) {
			if fromBalancer(o.Upstream, from) {
				return proxyproto.REQUIRE, nil
			}
			return proxyproto.SKIP, nil
		},
	}
}

func fromBalancer(addr net.Addr, from []netip.Prefix) bool {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return false
	}
	ip, ok := netip.AddrFromSlice(tcp.IP)
	if !ok {
		return false
	}
	ip = ip.Unmap()
	for _, p := range from {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// parseProxyFrom reads --proxy-from: addresses and networks separated by
// commas ("10.0.0.5, 10.0.1.0/24"); "" is none.
func parseProxyFrom(s string) ([]netip.Prefix, bool) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, false
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, true
}
