package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// OfflineEnv is the environment variable that keeps every command off the
// network, as --offline does (the desktop app reads it too).
const OfflineEnv = "SSOLENS_OFFLINE"

// envOffline reports whether SSOLENS_OFFLINE asks for no network: any
// value but "", "0" and "false".
func envOffline() bool {
	v := strings.TrimSpace(os.Getenv(OfflineEnv))
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// networkCommands need the network for what they are.
var networkCommands = map[string]string{
	"login": "signs in at the provider",
	"check": "sends the token to a running Neo4j",
}

// networkFlags are the flags that ask a command to go on the network.
// (inspect's key sources are judged by verifyFlags.config, which knows a
// JWKS file from a JWKS URL.)
var networkFlags = map[string]map[string]string{
	"roles":    {"neo4j": "fetches the server's discovery from Neo4j"},
	"config":   {"from-login": "signs in at the provider"},
	"snippets": {"from-login": "signs in at the provider"},
}

// applyOfflineEnv makes SSOLENS_OFFLINE=1 the default of the command's
// --offline, and refuses, saying why, a command or flag that needs the
// network.
func applyOfflineEnv(fs *pflag.FlagSet, command string) error {
	if !envOffline() {
		return nil
	}
	if why, ok := networkCommands[command]; ok {
		return fmt.Errorf("%s=%s is set, and %s %s over the network: unset it for this command (env -u %s ssolens %s …)",
			OfflineEnv, os.Getenv(OfflineEnv), command, why, OfflineEnv, command)
	}
	for name, why := range networkFlags[command] {
		if f := fs.Lookup(name); f != nil && f.Changed {
			return fmt.Errorf("%s=%s is set, and --%s %s over the network: drop --%s, or unset %s for this command",
				OfflineEnv, os.Getenv(OfflineEnv), name, why, name, OfflineEnv)
		}
	}
	if f := fs.Lookup("offline"); f != nil && !f.Changed {
		if err := f.Value.Set("true"); err != nil {
			return err
		}
	}
	return nil
}

// offlineConflict explains a verifying flag that needs the network while
// SSOLENS_OFFLINE is set ("" when there is none).
func offlineConflict(flag string) error {
	return fmt.Errorf("%s=%s is set, and %s fetches keys over the network: verify offline with --jwks FILE, --pem FILE or --secret, or unset %s for this command",
		OfflineEnv, os.Getenv(OfflineEnv), flag, OfflineEnv)
}
