package kolada

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// serveBody answers every request with body, and counts the requests.
func serveBody(t *testing.T, body string) (*httptest.Server, *int) {
	t.Helper()
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestUnknownFieldsIgnored: Kolada may add fields, at every level, without breaking a sync.
func TestUnknownFieldsIgnored(t *testing.T) {
	ctx := context.Background()
	t.Run("group", func(t *testing.T) {
		srv, _ := serveBody(t, `{"count": 1, "values": [{"id": "G1", "title": "Stockholms läns kommuner", "type": "K",
			"new_thing": {"a": [1, 2]}, "members": [{"member_id": "0126", "member_title": "Huddinge", "member_type": "K", "weight": 1.5}]}],
			"next_url": "", "previous_url": null, "extra": true}`)
		c, _ := testClient(srv.URL)
		gs, err := c.Groups(ctx, "")
		if err != nil || len(gs) != 1 || gs[0].ID != "G1" || len(gs[0].Members) != 1 || gs[0].Members[0] != (Member{ID: "0126", Title: "Huddinge"}) {
			t.Fatalf("Groups = %+v, %v", gs, err)
		}
	})
	t.Run("kpi", func(t *testing.T) {
		srv, _ := serveBody(t, `{"count": 1, "values": [{"id": "N00090", "title": "Sjukfrånvaro", "auspice": "E", "perspective": "Resurser",
			"prel_publication_date": null, "ou_publication_date": null, "publ_period": "2021", "is_divided_by_gender": true}]}`)
		c, _ := testClient(srv.URL)
		ks, err := c.KPIs(ctx, "N00090")
		if err != nil || len(ks) != 1 || ks[0].ID != "N00090" || ks[0].Auspice != "E" || !bool(ks[0].IsDividedByGender) {
			t.Fatalf("KPIs = %+v, %v", ks, err)
		}
	})
	t.Run("data", func(t *testing.T) {
		srv, _ := serveBody(t, `{"count": 1, "values": [{"kpi": "N00090", "municipality": "0126", "period": 2020, "updated": "2021-05-01",
			"values": [{"gender": "T", "count": 1, "status": "", "value": 9.9, "isdeleted": false, "note": {"x": 1}}]}]}`)
		c, _ := testClient(srv.URL)
		dps, err := c.Data(ctx, []string{"N00090"}, []string{"0126"}, []int{2020})
		if err != nil || len(dps) != 1 || dps[0].Gender("T") == nil || dps[0].Gender("T").Text != "9.9" {
			t.Fatalf("Data = %+v, %v", dps, err)
		}
	})
}

// TestMissingRequiredField: a field Tertial cannot do without is an error that names the
// field (with its place in the answer) and the URL asked, on one line, without retrying.
func TestMissingRequiredField(t *testing.T) {
	ctx := context.Background()
	groups := func(c *Client) error { _, err := c.Groups(ctx, "Stockholm"); return err }
	data := func(c *Client) error {
		_, err := c.Data(ctx, []string{"N00090"}, []string{"0126"}, []int{2020})
		return err
	}
	kpis := func(c *Client) error { _, err := c.KPIs(ctx, "N00090"); return err }
	for _, tc := range []struct {
		name, body, field string
		call              func(*Client) error
	}{
		{"values", `{"count": 0}`, "values", groups},
		{"group id", `{"values": [{"title": "Stockholms län"}]}`, "values[0].id", groups},
		{"group title", `{"values": [{"id": "G1", "members": []}]}`, "values[0].title", groups},
		{"member id", `{"values": [{"id": "G1", "title": "Stockholms län", "members": [{"member_id": "0114", "member_title": "Upplands Väsby"}, {"member_title": "Huddinge"}]}]}`,
			"values[0].members[1].member_id", groups},
		{"v2 member shape", `{"values": [{"id": "G1", "title": "Stockholms län", "members": [{"id": "0126", "title": "Huddinge"}]}]}`,
			"values[0].members[0].member_id", groups},
		{"kpi id", `{"values": [{"title": "Sjukfrånvaro"}]}`, "values[0].id", kpis},
		{"data kpi", `{"values": [{"municipality": "0126", "period": 2020, "values": []}]}`, "values[0].kpi", data},
		{"data municipality", `{"values": [{"kpi": "N00090", "period": 2020, "values": []}]}`, "values[0].municipality", data},
		{"data period", `{"values": [{"kpi": "N00090", "municipality": "0126", "values": []}]}`, "values[0].period", data},
		{"value gender", `{"values": [{"kpi": "N00090", "municipality": "0126", "period": 2020, "values": [{"gender": "T", "value": 1}, {"value": 2}]}]}`,
			"values[0].values[1].gender", data},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := serveBody(t, tc.body)
			c, _ := testClient(srv.URL)
			err := tc.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "utan fältet "+tc.field+" på "+srv.URL+"/v3/") || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line naming %s and the URL", msg, tc.field)
			}
			if Offline(err) || *n != 1 {
				t.Errorf("offline %v after %d requests; want a reading error after 1", Offline(err), *n)
			}
		})
	}
}

// TestMissingOptionalField: a missing label or flag takes its documented default.
func TestMissingOptionalField(t *testing.T) {
	ctx := context.Background()
	t.Run("member title is the id", func(t *testing.T) {
		srv, _ := serveBody(t, `{"values": [{"id": "G1", "title": "Stockholms län", "members": [{"member_id": "0126"}]}]}`)
		c, _ := testClient(srv.URL)
		gs, err := c.Groups(ctx, "")
		if err != nil || len(gs) != 1 || len(gs[0].Members) != 1 || gs[0].Members[0] != (Member{ID: "0126", Title: "0126"}) {
			t.Fatalf("Groups = %+v, %v", gs, err)
		}
	})
	t.Run("no members: listed later", func(t *testing.T) {
		srv, _ := serveBody(t, `{"values": [{"id": "G1", "title": "Stockholms län"}]}`)
		c, _ := testClient(srv.URL)
		gs, err := c.Groups(ctx, "")
		if err != nil || len(gs) != 1 || gs[0].Members != nil {
			t.Fatalf("Groups = %+v, %v", gs, err)
		}
	})
	t.Run("value, values, isdeleted, next_url", func(t *testing.T) {
		srv, n := serveBody(t, `{"values": [{"kpi": "N00090", "municipality": "0126", "period": 2020, "values": [{"gender": "T"}]},
			{"kpi": "N00090", "municipality": "0136", "period": 2020}]}`)
		c, _ := testClient(srv.URL)
		dps, err := c.Data(ctx, []string{"N00090"}, []string{"0126", "0136"}, []int{2020})
		if err != nil || len(dps) != 2 || *n != 1 {
			t.Fatalf("Data = %+v, %v after %d requests", dps, err, *n)
		}
		if v := dps[0].Gender("T"); v == nil || v.Value != nil || v.Text != "" {
			t.Errorf("value without a figure: %+v", v)
		}
		if len(dps[1].Values) != 0 {
			t.Errorf("data point without values: %+v", dps[1])
		}
	})
}

// TestDeletedValuesDropped: a value, or a whole data point, flagged isdeleted is not
// returned, whether Kolada writes the flag as a boolean or as 1/0.
func TestDeletedValuesDropped(t *testing.T) {
	srv, _ := serveBody(t, `{"values": [
		{"kpi": "N00090", "municipality": "0126", "period": 2020, "values": [
			{"gender": "T", "value": 9.9, "isdeleted": false},
			{"gender": "K", "value": 11.0, "isdeleted": true},
			{"gender": "M", "value": 6.4, "isdeleted": 1}]},
		{"kpi": "N00090", "municipality": "0136", "period": 2020, "isdeleted": true, "values": [
			{"gender": "T", "value": 7.0, "isdeleted": false}]},
		{"kpi": "N00090", "municipality": "0180", "period": 2020, "isdeleted": 0, "values": [
			{"gender": "T", "value": 5.0, "isdeleted": 0}]}]}`)
	c, _ := testClient(srv.URL)
	dps, err := c.Data(context.Background(), []string{"N00090"}, []string{"0126", "0136", "0180"}, []int{2020})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, dp := range dps {
		for _, v := range dp.Values {
			got = append(got, dp.Municipality+" "+v.Gender+" "+v.Text)
		}
	}
	if want := []string{"0126 T 9.9", "0180 T 5.0"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("values %q, want %q", got, want)
	}
}

// TestPagingFollowsAbsoluteNextURL: next_url is a full URL, and it is followed as it is,
// scheme and host included, not rebuilt from the base; the last page has no next_url.
func TestPagingFollowsAbsoluteNextURL(t *testing.T) {
	var second []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		second = append(second, r.URL.RequestURI())
		w.Write([]byte(`{"count": 1, "values": [{"id": "0180", "title": "Stockholm", "type": "K"}], "previous_url": "http://example.invalid/v3/municipality"}`))
	}))
	defer other.Close()
	var first []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first = append(first, r.URL.RequestURI())
		w.Write([]byte(`{"count": 1, "values": [{"id": "0126", "title": "Huddinge", "type": "K"}], "next_url": "` + other.URL + `/v3/municipality?page=2&per_page=1"}`))
	}))
	defer srv.Close()
	c, _ := testClient(srv.URL)
	ms, err := c.Municipalities(context.Background())
	if err != nil || len(ms) != 2 || ms[0].ID != "0126" || ms[1].ID != "0180" {
		t.Fatalf("Municipalities = %+v, %v", ms, err)
	}
	if len(first) != 1 || first[0] != "/v3/municipality" || len(second) != 1 || second[0] != "/v3/municipality?page=2&per_page=1" {
		t.Errorf("requests %v then %v", first, second)
	}
}
