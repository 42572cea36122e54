package notify_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSMTP is a small SMTP server for the tests, on 127.0.0.1: EHLO, STARTTLS (with a
// certificate made in the test), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT. It
// records the messages it accepts; it can answer MAIL with a 4xx (busy) or RCPT with a
// 5xx, and be stopped and started again on the same address (down).
type testSMTP struct {
	t        *testing.T
	addr     string
	startTLS bool
	tlsConf  *tls.Config
	roots    *x509.CertPool

	mu       sync.Mutex
	ln       net.Listener
	busy     bool // answer MAIL with 451
	reject   bool // answer RCPT with 550
	messages []testMessage
	auths    []string // "user:password" of each AUTH PLAIN, with "tls:" before it over TLS
}

type testMessage struct {
	From, To string
	TLS      bool
	Raw      string
}

// Subject is the message's subject, decoded.
func (m testMessage) Subject() string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	s, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	return s
}

// Body is the message's text, decoded from quoted-printable.
func (m testMessage) Body() string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	b, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func newTestSMTP(t *testing.T, startTLS bool) *testSMTP {
	t.Helper()
	s := &testSMTP{t: t, startTLS: startTLS}
	if startTLS {
		s.tlsConf, s.roots = testCert(t)
	}
	s.start("127.0.0.1:0")
	t.Cleanup(s.stop)
	return s
}

// testCert makes a self-signed certificate for 127.0.0.1 and the pool that trusts it.
func testCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test-smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func (s *testSMTP) start(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	s.ln, s.addr = ln, ln.Addr().String()
	s.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
}

// stop closes the listener: the server is down until restart.
func (s *testSMTP) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
}

func (s *testSMTP) restart() { s.start(s.addr) }

func (s *testSMTP) host() string { h, _, _ := net.SplitHostPort(s.addr); return h }
func (s *testSMTP) port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

func (s *testSMTP) set(busy, reject bool) {
	s.mu.Lock()
	s.busy, s.reject = busy, reject
	s.mu.Unlock()
}

func (s *testSMTP) got() []testMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]testMessage(nil), s.messages...)
}

func (s *testSMTP) serve(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(c), c
	say := func(line string) { io.WriteString(w, line+"\r\n") }
	say("220 test-smtp ESMTP")
	inTLS := false
	var from string
	var to []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		arg := strings.TrimSpace(strings.TrimPrefix(line, strings.SplitN(line, " ", 2)[0]))
		switch verb {
		case "EHLO", "HELO":
			exts := []string{"test-smtp", "8BITMIME"}
			if s.startTLS && !inTLS {
				exts = append(exts, "STARTTLS")
			}
			exts = append(exts, "AUTH PLAIN")
			for i, e := range exts {
				if i == len(exts)-1 {
					say("250 " + e)
				} else {
					say("250-" + e)
				}
			}
		case "STARTTLS":
			if !s.startTLS || inTLS {
				say("502 not available")
				continue
			}
			say("220 go ahead")
			tc := tls.Server(c, s.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, r, w, inTLS = tc, bufio.NewReader(tc), tc, true
		case "AUTH":
			parts := strings.Fields(arg)
			if len(parts) != 2 || strings.ToUpper(parts[0]) != "PLAIN" {
				say("504 only PLAIN with an initial response")
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(parts[1])
			f := strings.Split(string(raw), "\x00")
			if err != nil || len(f) != 3 {
				say("501 bad PLAIN")
				continue
			}
			rec := f[1] + ":" + f[2]
			if inTLS {
				rec = "tls:" + rec
			}
			s.mu.Lock()
			s.auths = append(s.auths, rec)
			s.mu.Unlock()
			say("235 ok")
		case "MAIL":
			s.mu.Lock()
			busy := s.busy
			s.mu.Unlock()
			if busy {
				say("451 4.3.2 try again later")
				continue
			}
			from, to = angle(arg), nil
			say("250 ok")
		case "RCPT":
			s.mu.Lock()
			reject := s.reject
			s.mu.Unlock()
			if reject {
				say("550 5.1.1 no such user")
				continue
			}
			to = append(to, angle(arg))
			say("250 ok")
		case "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			s.mu.Lock()
			for _, rcpt := range to {
				s.messages = append(s.messages, testMessage{From: from, To: rcpt, TLS: inTLS, Raw: b.String()})
			}
			s.mu.Unlock()
			say("250 queued")
		case "RSET", "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("500 unknown command")
		}
	}
}

// angle is the address between < and > of a MAIL FROM or RCPT TO argument.
func angle(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}
