package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
)

// liveTime is one relative time on screen ("expires in 4m 12s") that must
// keep counting while it is shown.
type liveTime struct {
	claim string
	at    time.Time
	text  *widget.RichText
	seg   *widget.TextSegment // the relative time, within text
	// prefix goes before the relative time in seg (" · " in the verdict).
	prefix string
}

// liveTimes ticks every second and rewrites the relative times of the
// result on screen. One runs per shown result; it is stopped when the
// result is replaced or the window closes, so no goroutine outlives it.
type liveTimes struct {
	times []liveTime
	done  chan struct{}
	once  sync.Once
}

func newLiveTimes() *liveTimes { return &liveTimes{done: make(chan struct{})} }

func (l *liveTimes) add(claim string, at time.Time, text *widget.RichText, seg *widget.TextSegment) {
	l.times = append(l.times, liveTime{claim: claim, at: at, text: text, seg: seg})
}

// addPrefixed is add for a segment that starts with prefix.
func (l *liveTimes) addPrefixed(claim string, at time.Time, text *widget.RichText, seg *widget.TextSegment, prefix string) {
	l.times = append(l.times, liveTime{claim: claim, at: at, text: text, seg: seg, prefix: prefix})
}

// start runs the ticker. Labels change only inside do (fyne.Do), on the UI
// goroutine.
func (l *liveTimes) start(now func() time.Time, do func(func())) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-l.done:
				return
			case <-t.C:
				do(func() {
					select {
					case <-l.done:
						return // replaced while this tick waited
					default:
						l.update(now())
					}
				})
			}
		}
	}()
}

// update rewrites every live label for the instant now. UI goroutine only.
func (l *liveTimes) update(now time.Time) {
	for _, lt := range l.times {
		lt.seg.Text = lt.prefix + inspector.Relative(lt.claim, lt.at, now)
		lt.seg.Style.ColorName = relativeColor(lt.claim, lt.at, now)
		lt.text.Refresh()
	}
}

func (l *liveTimes) stop() { l.once.Do(func() { close(l.done) }) }

// relativeColor colours a relative time: an expired token or one not yet
// valid is the problem a person is looking for.
func relativeColor(claim string, at, now time.Time) fyne.ThemeColorName {
	switch {
	case claim == "exp" && !now.Before(at):
		return theme.ColorNameError
	case claim == "nbf" && at.After(now):
		return theme.ColorNameError
	case claim == "exp":
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}
