package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DemoSecurityToken is the STS token of the demo credentials when the
// emulator is told to take STS credentials (Options.SecurityToken, the
// emulator command's --security-token).
const DemoSecurityToken = "demo-security-token"

// Errors of STS tokens and RAM permissions. An expired token and a denied
// action are documented (docs/cen-api.md#expired-sts-tokens,
// docs/cen-api.md#access-denied); the statuses, and the codes and messages
// of a missing or mismatched token, are [UNVERIFIED]
// (docs/unverified.md#sts-tokens-and-denials).
var (
	errTokenExpired  = &apiError{Status: http.StatusBadRequest, Code: "InvalidSecurityToken.Expired", Message: "Specified SecurityToken is expired."}
	errTokenMismatch = &apiError{Status: http.StatusBadRequest, Code: "InvalidSecurityToken.MismatchWithAccessKey", Message: "Specified SecurityToken mismatch with the AccessKey."}
	errForbidden     = apiError{Status: http.StatusForbidden, Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource, or this API doesn't support RAM."}
)

// access is what RAM and STS decide beyond the signature: the actions
// denied to the credentials and the life of their STS token. Both can be
// changed while the emulator serves (SetDenied, ExpireToken, RenewToken),
// so that a test, or an operator with the knobs endpoint, can take a
// permission away in the middle of a run and give it back.
type access struct {
	token    string        // "" = AccessKey credentials: no token checked
	lifetime time.Duration // 0 = the token never expires by itself

	mu      sync.Mutex
	denied  map[string]bool // by action name
	issued  time.Time       // when the token's lifetime began
	expired bool            // ExpireToken was called since the last renewal
}

func newAccess(opts Options, now time.Time) *access {
	a := &access{token: opts.SecurityToken, lifetime: opts.TokenLifetime, issued: now, denied: map[string]bool{}}
	for _, name := range opts.Deny {
		a.denied[actionOf(name)] = true
	}
	return a
}

// actionOf is the action a RAM action names: "cen:X", "cbn:X" (the API's
// product code, which people also write), "vpc:X" or "X" alone.
func actionOf(ramAction string) string {
	for _, prefix := range []string{"cen:", "cbn:", "vpc:"} {
		if rest, ok := strings.CutPrefix(ramAction, prefix); ok {
			return rest
		}
	}
	return ramAction
}

// checkDenyList reports the first name that is not an action the emulator
// serves, as "cen:X" or "X".
func checkDenyList(names []string) error {
	for _, n := range names {
		if _, ok := actions[actionOf(n)]; !ok {
			return fmt.Errorf("deny %q: not an action of the emulator (e.g. cen:ResolveAndRouteServiceInCen, vpc:DescribeVpcs)", n)
		}
	}
	return nil
}

// checkToken judges the request's SecurityToken, when the credentials are
// STS credentials: it must be there, be the one issued, and not have
// expired.
func (a *access) checkToken(p params, now time.Time) *apiError {
	if a.token == "" {
		return nil // AccessKey credentials: a token, if any, is signed and otherwise ignored
	}
	got := p.get("SecurityToken")
	switch {
	case got == "":
		return missing("SecurityToken")
	case got != a.token:
		return errTokenMismatch
	case a.tokenExpired(now):
		return errTokenExpired
	}
	return nil
}

func (a *access) tokenExpired(now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.expired || a.lifetime > 0 && now.Sub(a.issued) >= a.lifetime
}

// deniedFor reports whether RAM refuses action to the credentials.
func (a *access) deniedFor(action string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.denied[action]
}

// forbidden is the reply to a denied action: 403 Forbidden.RAM with an
// AccessDeniedDetail naming the RAM action, as newer Alibaba Cloud APIs
// send it. The detail's keys are those of the published examples; its
// values here are the emulator's own.
func (e *Emulator) forbidden(c *call) *apiError {
	err := errForbidden
	diag := base64.StdEncoding.EncodeToString([]byte("emulator:" + c.requestID))
	err.Detail = map[string]string{
		"AuthAction":               c.prod.ramCode + ":" + c.action,
		"AuthPrincipalType":        "SubUser",
		"AuthPrincipalOwnerId":     strconv.FormatInt(e.world.ownerID, 10),
		"AuthPrincipalDisplayName": c.p.get("AccessKeyId"),
		"PolicyType":               "AccountLevelIdentityBasedPolicy",
		"NoPermissionType":         "ImplicitDeny",
		"EncodedDiagnosticMessage": diag,
	}
	return &err
}

// SetDenied makes RAM refuse exactly these actions ("cen:X", "vpc:X" or
// the action's name) from now on; no name lifts every denial. An unknown
// action is an error, and changes nothing.
func (e *Emulator) SetDenied(names ...string) error {
	if err := checkDenyList(names); err != nil {
		return err
	}
	denied := map[string]bool{}
	for _, n := range names {
		denied[actionOf(n)] = true
	}
	e.access.mu.Lock()
	defer e.access.mu.Unlock()
	e.access.denied = denied
	return nil
}

// ExpireToken makes the STS token (Options.SecurityToken) expired from now
// on, until RenewToken.
func (e *Emulator) ExpireToken() {
	e.access.mu.Lock()
	defer e.access.mu.Unlock()
	e.access.expired = true
}

// RenewToken makes the STS token valid again, for Options.TokenLifetime
// from now (for ever if that is 0): what fetching a new token does for a
// client.
func (e *Emulator) RenewToken() {
	now := e.now()
	e.access.mu.Lock()
	defer e.access.mu.Unlock()
	e.access.expired, e.access.issued = false, now
}

// knobsPath is the admin endpoint that changes the access knobs while the
// emulator serves; like statePath it is outside the API and unsigned.
const knobsPath = "/_emulator/knobs"

// Knobs are the access knobs as GET /_emulator/knobs reports them and POST
// changes them.
type Knobs struct {
	// Deny lists the denied actions as RAM actions (cen:X, vpc:X); POST
	// replaces the list when the key is present, [] lifting every denial.
	Deny *[]string `json:"deny,omitempty"`
	// Token is "none" (AccessKey credentials), "valid" or "expired";
	// POST takes "expire" or "renew".
	Token string `json:"token,omitempty"`
}

// serveKnobs answers GET and POST /_emulator/knobs.
func (e *Emulator) serveKnobs(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodPost:
		if err := e.changeKnobs(w, r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "only GET and POST", http.StatusMethodNotAllowed)
		return
	}
	body, _ := json.Marshal(e.knobs())
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}

// changeKnobs applies a POSTed Knobs, all or nothing.
func (e *Emulator) changeKnobs(w http.ResponseWriter, r *http.Request) error {
	var k Knobs
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return fmt.Errorf("want JSON such as {\"deny\": [\"cen:ResolveAndRouteServiceInCen\"], \"token\": \"expire\"}: %v", err)
	}
	if k.Token != "" && k.Token != "expire" && k.Token != "renew" {
		return fmt.Errorf("token %q: want expire or renew", k.Token)
	}
	if k.Deny != nil {
		if err := e.SetDenied(*k.Deny...); err != nil {
			return err
		}
	}
	switch k.Token {
	case "expire":
		e.ExpireToken()
	case "renew":
		e.RenewToken()
	}
	return nil
}

// knobs reports the access knobs as they stand.
func (e *Emulator) knobs() Knobs {
	a := e.access
	token := "none"
	if a.token != "" {
		token = "valid"
		if a.tokenExpired(e.now()) {
			token = "expired"
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	deny := []string{}
	for action := range a.denied {
		deny = append(deny, actions[action].prod.ramCode+":"+action)
	}
	slices.Sort(deny)
	return Knobs{Deny: &deny, Token: token}
}
