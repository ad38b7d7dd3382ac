package profiles_test

import (
	"fmt"

	"github.com/ssolens/ssolens/profiles"
)

// A preset filled in: the issuer, the scopes to ask for and the redirect
// URIs to register at the provider.
func ExamplePreset_NewProfile() {
	okta, _ := profiles.PresetByName(profiles.PresetOkta)
	p, err := okta.NewProfile(map[string]string{"okta-domain": "dev-123456.okta.com", "client-id": "0oa1b2c3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Issuer)
	fmt.Println(p.Scopes, p.ExpectAudience)
	for _, u := range p.RedirectURIs() {
		fmt.Println("register", u)
	}
	_, err = okta.NewProfile(map[string]string{"client-id": "0oa1b2c3"})
	fmt.Println(err)
	// Output:
	// https://dev-123456.okta.com/oauth2/default
	// [openid profile email] [api://default]
	// register http://127.0.0.1:8000/callback
	// register http://127.0.0.1:18000/callback
	// Okta preset: preset placeholder <okta-domain> (Okta domain): fill it in, e.g. dev-123456.okta.com
}
