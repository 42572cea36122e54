// Package notify sends Tertial's reminders and notifications: it turns workflow events and
// approaching deadlines into notifications (the list on /aviseringar) and mails, and sends
// the store's mail outbox through an SMTP server with the standard library's net/smtp.
// See docs/notifications.md.
package notify

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// TLSMode is how the sender uses STARTTLS.
type TLSMode int

const (
	// TLSOpportunistic uses STARTTLS when the server offers it, and sends in plain text
	// otherwise (but never a password: see SMTPConfig.User).
	TLSOpportunistic TLSMode = iota
	// TLSRequired refuses to send unless the server offers STARTTLS and it succeeds.
	TLSRequired
)

// SMTPConfig is the mail server Tertial sends through.
type SMTPConfig struct {
	Host     string // empty: no mail is sent (notifications still show in the product)
	Port     int    // default 587
	TLS      TLSMode
	User     string // AUTH PLAIN user; empty for no authentication
	Password string
	From     string // the sender address, such as tertial@kommun.se
	// TLSConfig, when set, is used for STARTTLS (tests give their own root); otherwise
	// the system's roots and Host as the server name.
	TLSConfig *tls.Config
	// Timeout bounds one mail's whole conversation; default 30 s.
	Timeout time.Duration
}

// Validate returns what is wrong with a configuration that has a host.
func (c SMTPConfig) Validate() error {
	if c.Host == "" {
		return nil
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("ogiltig SMTP-port %d", c.Port)
	}
	if c.From == "" {
		return errors.New("--smtp-from saknas: avsändaradressen för e-post")
	}
	if a, err := mail.ParseAddress(c.From); err != nil || a.Name != "" {
		return fmt.Errorf("--smtp-from %q är ingen e-postadress", c.From)
	}
	if c.User != "" && c.Password == "" {
		return errors.New("--smtp-user utan lösenord: ge det i --smtp-password-file")
	}
	return nil
}

// Sender sends one mail.
type Sender interface {
	Send(to, subject, body string) error
}

// SMTP is a Sender through an SMTP server.
type SMTP struct{ Config SMTPConfig }

// PermanentError is a refusal the server says will not change (a 5xx answer): the mail
// is not tried again.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// classify marks a 5xx answer of the server permanent.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return &PermanentError{err}
	}
	return err
}

// Send sends one plain-text mail: EHLO, STARTTLS when offered (or required), AUTH PLAIN
// when a user is configured (net/smtp only sends it over TLS or to localhost), MAIL, RCPT,
// DATA, QUIT.
func (s SMTP) Send(to, subject, body string) error {
	c := s.Config
	if c.Host == "" {
		return errors.New("ingen SMTP-server är inställd")
	}
	if a, err := mail.ParseAddress(to); err != nil || a.Name != "" {
		return &PermanentError{fmt.Errorf("ogiltig mottagaradress %q", to)}
	}
	port := c.Port
	if port == 0 {
		port = 587
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(port))
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	client, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return classify(err)
	}
	defer client.Close()
	if err := client.Hello("localhost"); err != nil {
		return classify(err)
	}
	if ok, _ := client.Extension("STARTTLS"); ok {
		cfg := c.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		}
		if err := client.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	} else if c.TLS == TLSRequired {
		return fmt.Errorf("SMTP-servern %s erbjuder inte STARTTLS, och TLS krävs (--smtp-require-tls)", addr)
	}
	if c.User != "" {
		// PlainAuth refuses to send the password unless the connection is TLS or the
		// server is localhost.
		if err := client.Auth(smtp.PlainAuth("", c.User, c.Password, c.Host)); err != nil {
			return classify(fmt.Errorf("AUTH: %w", err))
		}
	}
	if err := client.Mail(c.From); err != nil {
		return classify(err)
	}
	if err := client.Rcpt(to); err != nil {
		return classify(err)
	}
	w, err := client.Data()
	if err != nil {
		return classify(err)
	}
	if _, err := w.Write(Message(c.From, to, subject, body, time.Now())); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return classify(err)
	}
	return client.Quit()
}

// Message is a mail as sent: headers (the subject encoded per RFC 2047) and the body as
// quoted-printable UTF-8 plain text.
func Message(from, to, subject, body string, now time.Time) []byte {
	var b bytes.Buffer
	subject = strings.Join(strings.Fields(subject), " ") // no line breaks in a header
	id := make([]byte, 12)
	rand.Read(id)
	domain := from[strings.LastIndexByte(from, '@')+1:]
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", to)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}
