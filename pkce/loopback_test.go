package pkce

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLoopbackNeverReachableFromNonLoopbackAddress(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip(err)
	}
	var ips []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() && !n.IP.IsUnspecified() {
			ips = append(ips, n.IP)
		}
	}
	if len(ips) == 0 {
		t.Skip("this machine has no non-loopback address to try")
	}
	for _, host := range []string{HostIPv4, HostLocalhost, HostIPv6} {
		l, err := ListenLoopback(LoopbackConfig{Host: host})
		if err != nil {
			if host == HostIPv6 {
				continue // no IPv6 loopback here
			}
			t.Fatal(err)
		}
		for _, ip := range ips {
			addr := net.JoinHostPort(ip.String(), strconv.Itoa(l.Port()))
			if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
				c.Close()
				t.Errorf("the %s listener answers on %s", host, addr)
			}
		}
		for _, a := range l.Addrs() {
			h, _, _ := net.SplitHostPort(a)
			if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
				t.Errorf("bound a non-loopback address %s", a)
			}
		}
		l.Close()
	}
}

func TestLoopbackBindsIPv4AndIPv6OnOnePort(t *testing.T) {
	l, err := ListenLoopback(LoopbackConfig{Host: HostLocalhost, Path: "/cb"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !strings.HasPrefix(l.RedirectURI(), "http://localhost:"+strconv.Itoa(l.Port())+"/cb") {
		t.Errorf("redirect URI %s", l.RedirectURI())
	}
	for _, a := range l.Addrs() {
		status, body, err := get("http://" + a + "/cb")
		if err != nil || status != http.StatusOK || !strings.Contains(body, FragmentPageMarker) {
			t.Errorf("%s: %d %v", a, status, err)
		}
	}
	if len(l.Addrs()) == 1 && !hasCode(l.Findings(), FindIPv6Unavailable.Code) {
		t.Error("IPv6 missing without a finding")
	}
	if status, _, _ := get("http://" + l.Addrs()[0] + "/favicon.ico"); status != http.StatusNotFound {
		t.Errorf("other paths: %d", status)
	}
}

func hasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestFragmentPageHasNoExternalResourcesAndRefusesCrossOriginPosts(t *testing.T) {
	l, err := ListenLoopback(LoopbackConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	resp, err := http.Get(l.RedirectURI())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'nonce-") {
		t.Errorf("CSP %q", csp)
	}
	req, _ := http.NewRequest(http.MethodPost, l.RedirectURI(), strings.NewReader("code=x&state=y"))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin post: %s", resp.Status)
	}
}

func TestLoopbackHTTPSWithUserCertificate(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	l, err := ListenLoopback(LoopbackConfig{CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !strings.HasPrefix(l.RedirectURI(), "https://127.0.0.1:") {
		t.Fatalf("redirect URI %s", l.RedirectURI())
	}
	l.Expect(func(url.Values) error { return nil })
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := hc.Get(l.RedirectURI() + "?code=c&state=s")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("https callback: %s", resp.Status)
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestLoopbackTakesTheFirstFreePortOfTheListAndSaysWhy(t *testing.T) {
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port
	free := func() int {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return l.Addr().(*net.TCPAddr).Port
	}()
	l, err := ListenLoopback(LoopbackConfig{Ports: []int{busyPort, free}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Port() != free {
		t.Fatalf("bound %d, want %d", l.Port(), free)
	}
	why := l.Why()
	if !strings.Contains(why, "next free port") || !strings.Contains(why, "port "+strconv.Itoa(busyPort)+" is in use") {
		t.Errorf("why %q", why)
	}
	// This test process holds the busy port, so Linux names it.
	if runtime.GOOS == "linux" {
		if owner := PortOwner(busyPort); !strings.Contains(owner, "pid "+strconv.Itoa(os.Getpid())) {
			t.Errorf("owner of %d: %q, want this process (pid %d)", busyPort, owner, os.Getpid())
		}
		if !strings.Contains(why, "pid "+strconv.Itoa(os.Getpid())) {
			t.Errorf("why %q does not name the process", why)
		}
	}
	fs := l.Findings()
	if len(fs) != 1 || fs[0].Code != FindPortInUse.Code || !strings.Contains(fs[0].Message, "must allow the redirect URI "+l.RedirectURI()) {
		t.Errorf("findings %+v", fs)
	}

	// Every port of the list taken: the error names them.
	_, err = ListenLoopback(LoopbackConfig{Ports: []int{busyPort}})
	// pkce names no flag: the command line adds --listen (cli's flag hints).
	if !errors.Is(err, ErrPortsInUse) || !strings.Contains(err.Error(), "port "+strconv.Itoa(busyPort)+" is in use") ||
		!strings.Contains(err.Error(), "choose other ports") || strings.Contains(err.Error(), "--") {
		t.Errorf("error %v", err)
	}
}

func TestPortReason(t *testing.T) {
	for _, c := range []struct {
		ports []int
		bound int
		busy  []string
		want  string
	}{
		{DefaultPorts, 8000, nil, "the first free port of 8000, 18000, 28000"},
		{[]int{9000}, 9000, nil, "the only port asked for"},
		{[]int{0}, 0, nil, "an ephemeral port, as asked"},
		{DefaultPorts, 18000, []string{"port 8000 is in use by x (pid 1)"}, "the next free port of 8000, 18000, 28000 (port 8000 is in use by x (pid 1))"},
	} {
		if got := portReason(c.ports, c.bound, c.busy); got != c.want {
			t.Errorf("portReason(%v, %d, %v) = %q, want %q", c.ports, c.bound, c.busy, got, c.want)
		}
	}
}
