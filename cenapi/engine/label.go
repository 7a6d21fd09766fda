package engine

import "github.com/cenroute/cenroute/cenapi"

// Label names whom the engine's runs are sent as, and where: the masked
// AccessKey ID, the profile if one was named, and the endpoint, e.g.
// "LTAI****abcd (profile prod) at cbn.aliyuncs.com (HTTPS)". It holds no
// secret. "" when Options.Identity is nil.
func (e *Engine) Label() string {
	if e.opts.Identity == nil {
		return ""
	}
	return identityLabel(e.opts.Identity())
}

// identityLabel words an identity for a journal. The region is left out:
// it is only the client's default, while a plan names its own regions.
func identityLabel(id cenapi.Identity) string {
	key := id.AccessKeyID
	if key == "" {
		key = "an unresolved AccessKey"
	}
	if id.Profile != "" {
		key += " (profile " + id.Profile + ")"
	}
	return key + " at " + id.Endpoint
}

// Owns reports whether a run labelled label (RunInfo.Label, Run.Label) was
// sent as this engine sends: the same label, or none at all, for journals
// written before labels were recorded. An engine without an Identity owns
// only unlabelled runs.
func (e *Engine) Owns(label string) bool {
	return label == "" || label == e.Label()
}
