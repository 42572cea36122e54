package main

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64 // 0: an error
	}{
		{"200MB", 200 << 20},
		{"1GB", 1 << 30},
		{"1 gb", 1 << 30},
		{"64kB", 64 << 10},
		{"512KiB", 512 << 10},
		{"3M", 3 << 20},
		{"1048576", 1 << 20},
		{"100B", 100},
		{"0", 0},
		{"-5MB", 0},
		{"1.5GB", 0},
		{"MB", 0},
		{"200 MB extra", 0},
		{"9999999999GB", 0},
	} {
		got, err := parseByteSize(c.in)
		if c.want == 0 {
			if err == nil || !strings.Contains(err.Error(), "till exempel 200MB") {
				t.Errorf("%q: %d, %v; want an error", c.in, got, err)
			}
		} else if err != nil || got != c.want {
			t.Errorf("%q: %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

// --max-upload takes its default from TERTIAL_MAX_UPLOAD, else 200 MB; the flag wins, and
// an environment value that cannot be read is an error only when the flag is not given.
func TestMaxUploadFlag(t *testing.T) {
	for _, c := range []struct {
		env    string
		args   []string
		want   int64
		envErr bool
	}{
		{"", nil, 200 << 20, false},
		{"1GB", nil, 1 << 30, false},
		{"1GB", []string{"--max-upload", "50MB"}, 50 << 20, false},
		{"mycket", nil, 200 << 20, true},
		{"mycket", []string{"--max-upload=2GB"}, 2 << 30, false},
	} {
		t.Setenv("TERTIAL_MAX_UPLOAD", c.env)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		b := maxUploadFlag(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if b.n != c.want || (b.envErr != nil) != c.envErr {
			t.Errorf("env %q, args %v: %d, %v; want %d (error %v)", c.env, c.args, b.n, b.envErr, c.want, c.envErr)
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	maxUploadFlag(fs)
	if err := fs.Parse([]string{"--max-upload", "lite"}); err == nil {
		t.Error("--max-upload lite is taken")
	}
}

// tertial serve refuses a TERTIAL_MAX_UPLOAD it cannot read before it opens anything.
func TestServeRefusesBadMaxUpload(t *testing.T) {
	t.Setenv("TERTIAL_MAX_UPLOAD", "stor")
	code, _, stderr := runCmd(t, "serve", "--db", "sqlite::memory:", "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, "TERTIAL_MAX_UPLOAD") || !strings.Contains(stderr, `storleken "stor"`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
