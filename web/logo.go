package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// The municipality's logo (issue 14: the municipality's settings): uploaded on the settings
// page as a PNG or JPEG of at most 1 MB (never SVG, which can carry scripts), removed there,
// stored in the dataset (store.SetLogo) and served at /kommuner/{code}/logo for the
// settings page. The reports embed it on the cover themselves (htmlreport), so a published
// or printed report needs no request to the site.

func (s *Server) logoRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/logo", s.handleLogo)
	s.mux.HandleFunc("POST /kommuner/{code}/installningar/logotyp", s.handleLogoUpload)
	s.mux.HandleFunc("POST /kommuner/{code}/installningar/logotyp/ta-bort", s.handleLogoRemove)
}

func logoURL(code string) string { return "/kommuner/" + url.PathEscape(code) + "/logo" }

// logoField is the name of the file field; its errors are shown beside it.
const logoField = "logotyp"

// GET /kommuner/{code}/logo: the logo as it was uploaded, to those who may read the
// municipality. A browser may keep it for a while and ask again with its ETag.
func (s *Server) handleLogo(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := ds.Municipality.Logo
	if l == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Kommunen har ingen logotyp."))
		return
	}
	sum := sha256.Sum256(l.Data)
	h := w.Header()
	h.Set("Content-Type", l.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", "inline")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age=300")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(l.Data))
}

// POST /kommuner/{code}/installningar/logotyp (multipart): a new logo.
func (s *Server) handleLogoUpload(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !s.logoAllowed(w, r, code) {
		return
	}
	// Room for the file, the form's other parts and the multipart framing.
	r.Body = http.MaxBytesReader(w, r.Body, tertial.MaxLogoBytes+64<<10)
	msg := ""
	var data []byte
	if err := r.ParseMultipartForm(tertial.MaxLogoBytes + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			msg = "Filen är för stor: en logotyp får vara högst 1 MB."
		} else {
			msg = "Välj en bildfil (PNG eller JPEG) att ladda upp."
		}
	} else {
		data, msg = readLogoFile(r)
	}
	if msg == "" {
		l := &tertial.Logo{Type: tertial.SniffLogo(data), Data: data}
		err := s.db.SetLogo(r.Context(), userFrom(r.Context()).Name, code, l)
		if err == nil {
			http.Redirect(w, r, settingsURL(code)+"?logotyp=1", http.StatusSeeOther)
			return
		}
		ps := tertial.ProblemsOf(err)
		if len(ps) == 0 {
			s.error(w, r, err)
			return
		}
		msg = tertial.Capitalize(ps[0].Message) + "."
	}
	s.settingsWithLogoError(w, r, code, msg)
}

// readLogoFile reads the uploaded file, or says in Swedish why it cannot be a logo.
func readLogoFile(r *http.Request) ([]byte, string) {
	f, _, err := r.FormFile(logoField)
	if err != nil {
		return nil, "Välj en bildfil (PNG eller JPEG) att ladda upp."
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tertial.MaxLogoBytes+1))
	switch {
	case err != nil:
		return nil, "Filen kunde inte läsas."
	case len(data) == 0:
		return nil, "Filen är tom. Välj en bildfil (PNG eller JPEG)."
	case len(data) > tertial.MaxLogoBytes:
		return nil, "Filen är för stor: en logotyp får vara högst 1 MB."
	}
	if tertial.SniffLogo(data) == "" {
		head := strings.ToLower(string(data[:min(len(data), 1024)]))
		if strings.Contains(head, "<svg") || strings.HasPrefix(strings.TrimSpace(head), "<") {
			return nil, "SVG-bilder tas inte emot, eftersom de kan innehålla skript. Spara logotypen som PNG eller JPEG och ladda upp den."
		}
		return nil, "Filen är varken en PNG- eller en JPEG-bild. Spara logotypen som PNG eller JPEG och ladda upp den."
	}
	return data, ""
}

// POST /kommuner/{code}/installningar/logotyp/ta-bort
func (s *Server) handleLogoRemove(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !s.logoAllowed(w, r, code) {
		return
	}
	if err := s.db.SetLogo(r.Context(), userFrom(r.Context()).Name, code, nil); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, settingsURL(code)+"?logotyp=0", http.StatusSeeOther)
}

// logoAllowed checks that the user may change the municipality's settings; it answers
// the error itself and returns false when the handler is done.
func (s *Server) logoAllowed(w http.ResponseWriter, r *http.Request, code string) bool {
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return false
	}
	if _, err := s.db.SharedDataset(r.Context(), code); err != nil {
		s.error(w, r, err)
		return false
	}
	if !maySettings(userFrom(r.Context()), code) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara kommunens administratörer kan ändra dess inställningar."))
		return false
	}
	return true
}

// settingsWithLogoError shows the settings page with the upload's error beside the file
// field.
func (s *Server) settingsWithLogoError(w http.ResponseWriter, r *http.Request, code, msg string) {
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := s.newSettingsPage(ds, code)
	page.LogoError = msg
	page.Errors = []fieldError{{logoField, msg}}
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "settings.html", page)
}

// logoInfo describes the logo for the settings page: "PNG, 200 × 80 bildpunkter, 12 kB".
func logoInfo(l *tertial.Logo) string {
	w, h := l.Size()
	kind := map[string]string{tertial.LogoPNG: "PNG", tertial.LogoJPEG: "JPEG"}[l.Type]
	return kind + ", " + strconv.Itoa(w) + " × " + strconv.Itoa(h) + " bildpunkter, " + strconv.Itoa((len(l.Data)+1023)/1024) + " kB"
}
