package tertial

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// Logo is the municipality's logo, shown on the report's cover: a PNG or a JPEG image.
// SVG is not accepted: an SVG file can carry scripts.
type Logo struct {
	Type string // LogoPNG or LogoJPEG
	Data []byte
}

// The logo's image types.
const (
	LogoPNG  = "image/png"
	LogoJPEG = "image/jpeg"
)

// The limits of a logo: its file size in bytes and its width and height in pixels. A logo is
// a small picture; the pixel limit keeps an image whose file is small but whose pixels
// would fill the memory of whoever draws it (the browser, the PDF printer) out.
const (
	MaxLogoBytes = 1 << 20
	MaxLogoSide  = 4000
)

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
)

// SniffLogo reads what kind of image data is from its first bytes (LogoPNG or LogoJPEG), or
// "" when it is neither.
func SniffLogo(data []byte) string {
	switch {
	case bytes.HasPrefix(data, pngMagic):
		return LogoPNG
	case bytes.HasPrefix(data, jpegMagic):
		return LogoJPEG
	}
	return ""
}

// Validate checks the logo: a PNG or JPEG of at most MaxLogoBytes whose bytes are what its
// type says, whose header can be read and whose sides are 1 to MaxLogoSide pixels. The
// problems' paths are "type" and "data".
func (l *Logo) Validate() []Problem {
	var ps problems
	if l.Type != LogoPNG && l.Type != LogoJPEG {
		ps.add("type", "logotypen ska vara en PNG- eller JPEG-bild (image/png eller image/jpeg), inte %q", l.Type)
		return ps
	}
	switch sniffed := SniffLogo(l.Data); {
	case len(l.Data) == 0:
		ps.add("data", "bilden saknas")
		return ps
	case len(l.Data) > MaxLogoBytes:
		ps.add("data", "bilden är %s; en logotyp får vara högst 1 MB", byteSize(len(l.Data)))
		return ps
	case sniffed == "":
		ps.add("data", "filen är varken en PNG- eller en JPEG-bild")
		return ps
	case sniffed != l.Type:
		ps.add("data", "bilden är en %s men anges som %s", sniffed, l.Type)
		return ps
	}
	decode := png.DecodeConfig
	if l.Type == LogoJPEG {
		decode = jpeg.DecodeConfig
	}
	cfg, err := decode(bytes.NewReader(l.Data))
	if err != nil {
		ps.add("data", "bilden går inte att läsa; den kan vara skadad")
		return ps
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		ps.add("data", "bilden är %d × %d bildpunkter; en logotyp får vara högst %d × %d", cfg.Width, cfg.Height, MaxLogoSide, MaxLogoSide)
	}
	return ps
}

// Size returns the logo's width and height in pixels, 0 and 0 when they cannot be read.
func (l *Logo) Size() (int, int) {
	var cfg image.Config
	var err error
	if l.Type == LogoJPEG {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(l.Data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(l.Data))
	}
	if err != nil {
		return 0, 0
	}
	return cfg.Width, cfg.Height
}

// byteSize writes a size in bytes as a person reads it: "1,4 MB", "310 kB".
func byteSize(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d,%d MB", n/(1<<20), n%(1<<20)*10/(1<<20))
	}
	return fmt.Sprintf("%d kB", (n+1023)/1024)
}

// LogoAlt is the text alternative of the municipality's logo: "Huddinge kommuns logotyp".
func LogoAlt(name string) string {
	return Genitive(name) + " logotyp"
}

// Genitive is the Swedish genitive of a name: an s added, none after s, x or z
// ("Huddinge kommuns", "Vaxholms stads", "Simrishamns kommuns", "Hjo stads", "Öckerös").
func Genitive(name string) string {
	if name == "" {
		return name
	}
	switch name[len(name)-1] {
	case 's', 'x', 'z', 'S', 'X', 'Z':
		return name
	}
	return name + "s"
}

// Fit returns the size to show the logo at within a box of maxW × maxH: its own size in
// pixels, made smaller with its proportions kept where it is larger. It returns 0 and 0
// when the logo's size cannot be read.
func (l *Logo) Fit(maxW, maxH int) (int, int) {
	w, h := l.Size()
	if w <= 0 || h <= 0 {
		return 0, 0
	}
	if w > maxW {
		w, h = maxW, max(1, h*maxW/w)
	}
	if h > maxH {
		w, h = max(1, w*maxH/h), maxH
	}
	return w, h
}
