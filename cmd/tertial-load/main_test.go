package main

import (
	"bytes"
	"context"
	"slices"
	"testing"
)

func TestParseYears(t *testing.T) {
	for in, want := range map[string][]int{"2019-2021": {2019, 2020, 2021}, "2021": {2021}, " 2016 - 2017 ": {2016, 2017}} {
		got, err := parseYears(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("parseYears(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2021-2019", "x", "2000-2030"} {
		if _, err := parseYears(in); err == nil {
			t.Errorf("parseYears(%q) gave no error", in)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"extra"},
		{"--clients", "0"},
		{"--years", "soon"},
		{"--spawn", "sqlite", "--url", "http://127.0.0.1:1"},
		{"--spawn", "sqlite", "--setup-db", "sqlite:x.db"},
		{"--spawn", "mysql://x"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", args, code, errb.String())
		}
	}
}
