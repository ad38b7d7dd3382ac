package ssoclient

// The token-response fields the SSO client can be told to use.
const (
	AccessToken = "access_token"
	IDToken     = "id_token"
)

// TokenTypes say which fields of the token response the SSO client uses
// (spec §5.4): Principal is decoded client-side with jwt-decode for the
// user it shows (token_type_principal); Authentication is sent to Neo4j as
// the bearer token, the one Neo4j validates (token_type_authentication).
type TokenTypes struct {
	Principal      string `json:"principal"`
	Authentication string `json:"authentication"`
}

// ChooseTokens reads token_type_principal and token_type_authentication of
// a provider's config as the SSO client does
// (token_response[token_type_authentication || "access_token"]): a missing
// or empty value means access_token; any other value is taken as the name
// of a token-response field, even one that does not exist (the login then
// fails, which is what a prediction must show). Read the tokens with
// inspector.TokenSet.Field.
func ChooseTokens(config map[string]string) TokenTypes {
	return TokenTypes{
		Principal:      configOr(config, "token_type_principal", AccessToken),
		Authentication: configOr(config, "token_type_authentication", AccessToken),
	}
}

func configOr(config map[string]string, key, def string) string {
	if v, ok := config[key]; ok && v != "" {
		return v
	}
	return def
}
