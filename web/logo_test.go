package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// postFile posts a multipart form with one file field, not following redirects.
func postFile(t *testing.T, cookie, u, field, name string, data []byte) (int, http.Header, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, u, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLogoUpload: an administrator uploads the municipality's logo on the settings page;
// it is served with its type, nosniff and a short private cache, and shown on the report's
// cover with its text alternative; an SVG, a file that is no picture and one over 1 MB are
// refused beside the field with nothing changed; a controller gets 403; removing it
// leaves none.
func TestLogoUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t), ekbyDataset(t))
		admin := login(t, srv, "admin")
		settings := srv.URL + "/kommuner/0126/installningar"
		upload := settings + "/logotyp"
		logo := srv.URL + "/kommuner/0126/logo"
		status, _, page := getAs(t, admin, settings)
		if status != http.StatusOK || !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, `<label for="logotyp">`) ||
			!strings.Contains(page, "Kommunen har ingen logotyp.") {
			t.Fatalf("settings page: %d", status)
		}
		if status, _, _ := getAs(t, admin, logo); status != http.StatusNotFound {
			t.Errorf("no logo yet: %d", status)
		}
		if status, _, _ := postFile(t, session, upload, "logotyp", "logo.png", testPNG(t, 10, 10)); status != http.StatusForbidden {
			t.Errorf("controller: %d", status)
		}
		for _, c := range []struct {
			name string
			data []byte
			want string
		}{
			{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "SVG-bilder tas inte emot"},
			{"text", []byte("inte en bild"), "varken en PNG- eller en JPEG-bild"},
			{"too big", append(testPNG(t, 10, 10), make([]byte, 1<<20)...), "högst 1 MB"},
			{"damaged png", testPNG(t, 10, 10)[:20], "skadad"},
			{"empty", nil, "Filen är tom"},
		} {
			status, _, page := postFile(t, admin, upload, "logotyp", c.name, c.data)
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="logotyp-fel"`) || !strings.Contains(page, c.want) ||
				!strings.Contains(page, `href="#logotyp"`) {
				t.Errorf("%s: %d", c.name, status)
			}
		}
		if ds, _ := db.Dataset(context.Background(), "0126"); ds.Municipality.Logo != nil {
			t.Fatal("a refused upload stored a logo")
		}
		data := testPNG(t, 480, 120)
		if status, h, _ := postFile(t, admin, upload, "logotyp", "logo.png", data); status != http.StatusSeeOther || h.Get("Location") != "/kommuner/0126/installningar?logotyp=1" {
			t.Fatalf("upload: %d", status)
		}
		status, _, page = getAs(t, admin, settings+"?logotyp=1")
		if status != http.StatusOK || !strings.Contains(page, "Logotypen är sparad.") || !strings.Contains(page, `<img src="/kommuner/0126/logo" alt="Huddinge kommuns logotyp">`) ||
			!strings.Contains(page, "PNG, 480 × 120 bildpunkter") {
			t.Errorf("settings page with the logo: %d", status)
		}
		// Served to those who may read the municipality.
		status, h, body := getAs(t, login(t, srv, "lasare"), logo)
		if status != http.StatusOK || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Cache-Control"), "private, max-age=") || h.Get("ETag") == "" || body != string(data) {
			t.Errorf("served logo: %d %v", status, h)
		}
		if status, _, _ := getAs(t, login(t, srv, "lasare-ekby"), logo); status != http.StatusForbidden {
			t.Errorf("another municipality's reader: %d", status)
		}
		req, _ := http.NewRequest(http.MethodGet, logo, nil)
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: admin})
		req.Header.Set("If-None-Match", h.Get("ETag"))
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %v %v", err, resp)
		} else {
			resp.Body.Close()
		}
		// The report's cover shows it, fitted to 240 × 120, with its text alternative.
		_, _, report := getAs(t, admin, srv.URL+periodPath+"/rapport")
		if !strings.Contains(report, `<img src="data:image/png;base64,iVBORw0KGgo`) || !strings.Contains(report, `alt="Huddinge kommuns logotyp" width="240" height="60"`) {
			t.Error("the report's cover does not show the logo")
		}
		if status, _ := postAs(t, admin, upload+"/ta-bort", url.Values{}); status != http.StatusSeeOther {
			t.Errorf("remove: %d", status)
		}
		if status, _, _ := getAs(t, admin, logo); status != http.StatusNotFound {
			t.Errorf("after removal: %d", status)
		}
		if _, _, report := getAs(t, admin, srv.URL+periodPath+"/rapport"); strings.Contains(report, "logotyp") {
			t.Error("the report still shows a logo")
		}
	})
}
