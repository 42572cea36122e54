package tertial

import "testing"

func TestPublicSettingsValidate(t *testing.T) {
	if ps := DefaultPublicSettings.Validate(); len(ps) != 0 {
		t.Fatalf("the defaults: %v", ps)
	}
	for _, c := range []struct {
		s    PublicSettings
		path string
	}{
		{PublicSettings{Licence: " "}, "licence"},
		{PublicSettings{Licence: string(make([]rune, 201))}, "licence"},
		{PublicSettings{Licence: "CC BY\n4.0"}, "licence"},
		{PublicSettings{Licence: "CC BY 4.0", LicenceURL: "javascript:alert(1)"}, "licence_url"},
		{PublicSettings{Licence: "CC BY 4.0", LicenceURL: "/relative"}, "licence_url"},
		{PublicSettings{Licence: "CC BY 4.0", LicenceURL: "https://x.se/>; rel=next"}, "licence_url"},
	} {
		ps := c.s.Validate()
		if len(ps) != 1 || ps[0].Path != c.path {
			t.Errorf("%+v: %v, want one problem at %s", c.s, ps, c.path)
		}
	}
	if ps := (PublicSettings{Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}).Validate(); len(ps) != 0 {
		t.Errorf("a valid licence: %v", ps)
	}
}
