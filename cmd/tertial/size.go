package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/tertial/tertial/web"
)

// byteSize is a flag of a number of bytes, written as 200MB, 1GB, 512KB or a plain
// number of bytes. The units are binary, as the site shows them: 1 MB is 1 048 576 bytes.
type byteSize struct {
	n      int64
	envErr error // TERTIAL_MAX_UPLOAD could not be read (and the flag did not replace it)
}

func (b *byteSize) String() string {
	if b == nil {
		return ""
	}
	for _, u := range sizeUnits[:3] {
		if b.n >= u.mult && b.n%u.mult == 0 {
			return strconv.FormatInt(b.n/u.mult, 10) + u.name
		}
	}
	return strconv.FormatInt(b.n, 10)
}

// sizeUnits, the largest first; the first three are the names String writes.
var sizeUnits = []struct {
	name string
	mult int64
}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

func (b *byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	b.n, b.envErr = n, nil
	return nil
}

// parseByteSize reads a positive size such as 200MB, 1 GB, 64kB or 1048576.
func parseByteSize(s string) (int64, error) {
	text := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(text, u.name) {
			text, mult = strings.TrimSpace(strings.TrimSuffix(text, u.name)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("storleken %q går inte att läsa: skriv ett positivt heltal med eller utan enhet, till exempel 200MB, 1GB eller 1048576 (byte)", s)
	}
	return n * mult, nil
}

// maxUploadFlag registers --max-upload, the largest SIE file the site and the API take;
// its default is TERTIAL_MAX_UPLOAD, else web.DefaultMaxUpload. A TERTIAL_MAX_UPLOAD that
// cannot be read is in envErr unless the flag is given.
func maxUploadFlag(fs *flag.FlagSet) *byteSize {
	b := &byteSize{n: web.DefaultMaxUpload}
	if env := os.Getenv("TERTIAL_MAX_UPLOAD"); env != "" {
		if err := b.Set(env); err != nil {
			b.envErr = fmt.Errorf("TERTIAL_MAX_UPLOAD: %w", err)
		}
	}
	fs.Var(b, "max-upload", "största SIE-fil som webbplatsen och API:t tar emot, t.ex. 200MB eller 1GB (TERTIAL_MAX_UPLOAD)")
	return b
}
