package tertial

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// PublicSettings say whether a municipality's published reports and their open data are
// shown to everyone without signing in (offentlighetsprincipen: a decided report is a
// public document), and under which licence its open data is offered. They are not part
// of the dataset format: like accounts, they stay when a dataset is imported.
type PublicSettings struct {
	// Public turns the public pages on: the list of published reports, each published
	// file and the open data. Off, they answer 404 to everyone, signed in or not; the
	// signed-in pages of publications are not affected.
	Public bool
	// Licence is the licence statement of the open data, as the municipality writes it:
	// "CC0 1.0 Universell", "CC BY 4.0".
	Licence string
	// LicenceURL is the licence's text on the web (http or https); "" for none.
	LicenceURL string
}

// DefaultPublicSettings are a municipality's until it changes them: public pages on,
// open data under CC0 1.0, which DIGG recommends for public-sector open data.
var DefaultPublicSettings = PublicSettings{Public: true, Licence: "CC0 1.0 Universell",
	LicenceURL: "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"}

// MaxLicenceLength bounds the licence statement, in characters.
const MaxLicenceLength = 200

// Validate returns the settings' problems, with the paths "licence" and "licence_url":
// the licence is required (open data without one cannot be reused safely), at most
// MaxLicenceLength characters on one line; its address, when given, an absolute http or
// https URL.
func (s PublicSettings) Validate() []Problem {
	var ps []Problem
	switch l := strings.TrimSpace(s.Licence); {
	case l == "":
		ps = append(ps, Problem{"licence", "licensen saknas: skriv till exempel CC0 1.0 Universell eller CC BY 4.0"})
	case utf8.RuneCountInString(l) > MaxLicenceLength:
		ps = append(ps, Problem{"licence", "licensen får vara högst 200 tecken"})
	case strings.ContainsAny(l, "\r\n"):
		ps = append(ps, Problem{"licence", "licensen ska stå på en rad"})
	}
	if u := strings.TrimSpace(s.LicenceURL); u != "" {
		p, err := url.Parse(u)
		// No space, quote or angle bracket: the address goes into a Link header as <…>.
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || len(u) > 500 || strings.ContainsAny(u, " <>\"\\") {
			ps = append(ps, Problem{"licence_url", "licensens adress ska vara en fullständig webbadress som börjar med https://"})
		}
	}
	return ps
}
