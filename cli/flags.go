package cli

import (
	"time"

	"github.com/spf13/pflag"
)

// flagSet is a command's flags: pflag's (GNU style: --long, -j; flags
// before or after the arguments), with the short aliases of the common
// flags given wherever they are defined: -j/--json, -o/--output,
// -q/--quiet.
type flagSet struct {
	*pflag.FlagSet
	name string
}

// shortFor are the short aliases of the common flags.
var shortFor = map[string]string{"json": "j", "output": "o", "quiet": "q"}

func (f *flagSet) Bool(name string, value bool, usage string) *bool {
	return f.FlagSet.BoolP(name, shortFor[name], value, usage)
}

func (f *flagSet) BoolVar(p *bool, name string, value bool, usage string) {
	f.FlagSet.BoolVarP(p, name, shortFor[name], value, usage)
}

func (f *flagSet) String(name, value, usage string) *string {
	return f.FlagSet.StringP(name, shortFor[name], value, usage)
}

func (f *flagSet) StringVar(p *string, name, value, usage string) {
	f.FlagSet.StringVarP(p, name, shortFor[name], value, usage)
}

func (f *flagSet) DurationVar(p *time.Duration, name string, value time.Duration, usage string) {
	f.FlagSet.DurationVar(p, name, value, usage)
}

// afterParse applies what every command shares once its flags are parsed:
// SSOLENS_OFFLINE and the colour of the text output.
func (e *env) afterParse(fs *pflag.FlagSet, name string) error {
	if err := applyOfflineEnv(fs, name); err != nil {
		return err
	}
	asJSON, _ := fs.GetBool("json")
	e.startColor(asJSON)
	return nil
}
