// Command icongen draws the SSO Lens icon (assets/icon.png): a magnifying
// lens over a key, on a rounded indigo tile. Run it with `go generate
// ./assets`; the PNGs are committed, so builds never run it.
//
//	icongen [OUT [SIZE]]
//
// draws OUT (icon.png) SIZE pixels square (512): the shapes are designed
// on a 512-pixel grid and sampled at any size, so a small icon is drawn
// from the shapes, not scaled down from the large one.
package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"
	"strconv"
)

// design is the size of the grid the shapes are drawn on.
const design = 512

// size is the size drawn, in pixels; scale maps its pixels to the design
// grid.
var (
	size  = design
	scale = 1.0
)

// shape reports whether a point (in icon pixels) is inside a shape.
type shape func(x, y float64) bool

// mask rasterises a shape with 4×4 supersampling, so edges are smooth.
func mask(s shape) *image.Alpha {
	m := image.NewAlpha(image.Rect(0, 0, size, size))
	const n = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			hits := 0
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					if s((float64(px)+(float64(sx)+0.5)/n)*scale, (float64(py)+(float64(sy)+0.5)/n)*scale) {
						hits++
					}
				}
			}
			m.SetAlpha(px, py, color.Alpha{A: uint8(hits * 255 / (n * n))})
		}
	}
	return m
}

func roundedRect(x0, y0, x1, y1, r float64) shape {
	return func(x, y float64) bool {
		if x < x0 || x > x1 || y < y0 || y > y1 {
			return false
		}
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return math.Hypot(x-cx, y-cy) <= r
	}
}

func circle(cx, cy, r float64) shape {
	return func(x, y float64) bool { return math.Hypot(x-cx, y-cy) <= r }
}

func ring(cx, cy, r0, r1 float64) shape {
	return func(x, y float64) bool {
		d := math.Hypot(x-cx, y-cy)
		return d >= r0 && d <= r1
	}
}

// capsule is a thick line from (ax, ay) to (bx, by) with round ends.
func capsule(ax, ay, bx, by, r float64) shape {
	return func(x, y float64) bool {
		dx, dy := bx-ax, by-ay
		t := ((x-ax)*dx + (y-ay)*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		return math.Hypot(x-(ax+t*dx), y-(ay+t*dy)) <= r
	}
}

func union(ss ...shape) shape {
	return func(x, y float64) bool {
		for _, s := range ss {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

func minus(a, b shape) shape {
	return func(x, y float64) bool { return a(x, y) && !b(x, y) }
}

func paint(dst draw.Image, s shape, c color.Color) {
	draw.DrawMask(dst, dst.Bounds(), image.NewUniform(c), image.Point{}, mask(s), image.Point{}, draw.Over)
}

func main() {
	out := "icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if len(os.Args) > 2 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil || n < 16 || n > design {
			log.Fatalf("icongen: size %q: want a number of pixels from 16 to %d", os.Args[2], design)
		}
		size, scale = n, float64(design)/float64(n)
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))

	// Tile: a vertical indigo-to-teal gradient, clipped to a rounded square,
	// so the mark reads on light and dark desktops alike.
	tile := roundedRect(16, 16, 496, 496, 104)
	grad := image.NewRGBA(img.Bounds())
	top, bottom := color.RGBA{0x3b, 0x2f, 0x9e, 0xff}, color.RGBA{0x0e, 0x7c, 0x86, 0xff}
	for y := 0; y < size; y++ {
		t := float64(y) / float64(size)
		c := color.RGBA{
			uint8(float64(top.R)*(1-t) + float64(bottom.R)*t),
			uint8(float64(top.G)*(1-t) + float64(bottom.G)*t),
			uint8(float64(top.B)*(1-t) + float64(bottom.B)*t), 0xff}
		draw.Draw(grad, image.Rect(0, y, size, y+1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	draw.DrawMask(img, img.Bounds(), grad, image.Point{}, mask(tile), image.Point{}, draw.Over)

	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	gold := color.RGBA{0xff, 0xc8, 0x3d, 0xff}
	glass := color.NRGBA{0xff, 0xff, 0xff, 0x38}

	// The lens: glass, a thick rim and a handle towards the bottom right.
	cx, cy, r := 220.0, 216.0, 132.0
	paint(img, circle(cx, cy, r), glass)
	paint(img, capsule(cx+r*0.72, cy+r*0.72, 420, 420, 30), white)
	paint(img, ring(cx, cy, r-8, r+22), white)

	// The key inside the lens: a bow with a hole, a shaft and two bits.
	bow := minus(circle(cx-52, cy, 40), circle(cx-52, cy, 17))
	shaft := roundedRect(cx-20, cy-13, cx+92, cy+13, 6)
	bit1 := roundedRect(cx+44, cy+4, cx+62, cy+50, 5)
	bit2 := roundedRect(cx+72, cy+4, cx+92, cy+38, 5)
	paint(img, union(bow, shaft, bit1, bit2), gold)

	f, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
