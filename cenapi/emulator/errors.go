package emulator

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// contentType is what Alibaba Cloud's gateway sends with every JSON reply.
const contentType = "application/json;charset=utf-8"

// apiError is an error reply: HTTP status, code and message. Codes and
// messages documented by Alibaba Cloud are copied verbatim, typos included
// (docs/cen-api.md#error-codes), because clients match on them.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Detail is the AccessDeniedDetail of a permission denial, else nil.
	Detail map[string]string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// Gateway and common errors (docs/cen-api.md#gateway-codes).
var (
	errAccessKeyNotFound = &apiError{Status: http.StatusNotFound, Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found."}
	// The real gateway answers IncompleteSignature for signatures it cannot
	// even attempt; for an unsupported method or version that is the
	// closest documented code. [UNVERIFIED]
	// (docs/unverified.md#unsupported-signature-method)
	errUnsupportedSignature = &apiError{Status: http.StatusBadRequest, Code: "IncompleteSignature", Message: "The request signature does not conform to Aliyun standards."}
	errTimestampExpired     = &apiError{Status: http.StatusBadRequest, Code: "InvalidTimeStamp.Expired", Message: "Specified time stamp or date value is expired."}
	errTimestampFormat      = &apiError{Status: http.StatusBadRequest, Code: "InvalidTimeStamp.Format", Message: "Specified time stamp or date value is not well formatted."}
	errNonceUsed            = &apiError{Status: http.StatusBadRequest, Code: "SignatureNonceUsed", Message: "Specified signature nonce was used already."}
	// The code and message for a nonce that is too long are [UNVERIFIED]
	// (docs/unverified.md#nonce-limits): the gateway's usual form for a
	// malformed common parameter.
	errNonceInvalid = &apiError{Status: http.StatusBadRequest, Code: "InvalidParameter.SignatureNonce", Message: "Specified parameter SignatureNonce is not valid."}
	// InvalidAction.NotFound keeps the 404 the gateway is documented to
	// use. docs/cen-api.md#error-replies warns that a 404 looks like "resource gone" to
	// Terraform-style clients, but those heuristics apply to calls about a
	// resource; an unknown action is a client bug, and no well-formed client
	// sends one, so the documented status does no harm here.
	errActionNotFound = &apiError{Status: http.StatusNotFound, Code: "InvalidAction.NotFound", Message: "Specified api is not found, please check your url and method"}
	errInvalidVersion = &apiError{Status: http.StatusBadRequest, Code: "InvalidVersion", Message: "Specified parameter Version is not valid."}
	errThrottled      = &apiError{Status: http.StatusBadRequest, Code: "Throttling.User", Message: "Request was denied due to user flow control."}
	errIdempotent     = &apiError{Status: http.StatusBadRequest, Code: "IdempotentParameterMismatch", Message: "Request uses a client token in a previous request but is not Identical to that request."}
	errInvalidParam   = &apiError{Status: http.StatusBadRequest, Code: "InvalidParameter", Message: "Invalid parameter."}
)

// Injected transient faults. Operation.Blocking's status and message are
// [UNVERIFIED] (docs/unverified.md#busy-code); 400 like CEN's other state
// errors (docs/cen-api.md#unknown-cen-and-busy-codes).
var (
	errServiceUnavailable = &apiError{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server."}
	errInternal           = &apiError{Status: http.StatusInternalServerError, Code: "InternalError", Message: "The request processing has failed due to some unknown error."}
	errBlocking           = &apiError{Status: http.StatusBadRequest, Code: "Operation.Blocking", Message: "The operation is blocked by another operation on the instance. Please try again later."}
)

// Route-service errors, documented for ResolveAndRouteServiceInCen and
// DeleteRouteServiceInCen (docs/cen-api.md#route-service-codes), all
// verbatim.
var (
	errHostDomain        = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.Host", Message: "Parameter Host does not support domain."}
	errHostMalformed     = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.CloudRouteHost", Message: "Parameter Host is not valid."}
	errHostNotAllowed    = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.ClouteRouteCidrNotAllow", Message: "Parameter Host not in 100.64.0.0/10"}
	errHostNoIPv6        = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.ClouteRouteNotSupportIpv6", Message: "Parameter Host not support IPv6"}
	errHostIPv6Range     = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.Ipv6CloudRouteCidrNotAllow", Message: "Parameter Host not in valid ipv6 cidr."}
	errCenNoIPv6         = &apiError{Status: http.StatusBadRequest, Code: "InvalidOperation.InstanceNotSupportIPv6Route", Message: "IPv6 routing has not been enabled for the CEN instance."}
	errAccessRegion      = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.AccessRegionId", Message: "Parameter Access RegionId illegal."}
	errAccessRegionNoCCN = &apiError{Status: http.StatusBadRequest, Code: "ParameterIllegal.AccessRegionIdNoCCN", Message: "Parameter Access RegionId illegal."}
	errRouteExists       = &apiError{Status: http.StatusBadRequest, Code: "CloudRoute.Exist", Message: "The Specified Cloud Route already Exists"}
	errVpcNotAttached    = &apiError{Status: http.StatusBadRequest, Code: "CloudRoute.VpcNotAttached", Message: "The Specified Vpc instance is not attached to CEN."}
	errTransitRouterType = &apiError{Status: http.StatusBadRequest, Code: "OperationUnsupported.TransitRouterType", Message: "The specified TransitRouterType does not support the operation."}
	errStatusNotAllowed  = &apiError{Status: http.StatusForbidden, Code: "InvalidOperation.CloudRouteStatusNotAllow", Message: "Operation is prohibited because status of cloud route is invalid."}
)

// errCenNotFound answers a CEN-scoped call about a CEN that does not exist.
// Clients of the real API treat ParameterCenInstanceId as "CEN does not
// exist" (docs/cen-api.md#unknown-cen-and-busy-codes); its message is
// [UNVERIFIED] (docs/unverified.md#unknown-cen). The status
// is 400, not 404, so that it never trips NotFound heuristics.
var errCenNotFound = &apiError{Status: http.StatusBadRequest, Code: "ParameterCenInstanceId", Message: "The specified CEN instance does not exist."}

// errQuota refuses a Resolve that would take a CEN past
// Options.MaxRouteServices. No quota code is documented for route services;
// this code and message are [UNVERIFIED]
// (docs/unverified.md#route-service-quota).
var errQuota = &apiError{Status: http.StatusBadRequest, Code: "QuotaExceeded.CloudRoute", Message: "The number of cloud route services of the CEN instance exceeds the quota."}

// missing is the gateway's Missing<Param> error for an absent required
// parameter.
func missing(param string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "Missing" + param, Message: param + " is mandatory for this action."}
}

// signatureMismatch embeds the server's string-to-sign after the marker the
// SDK looks for: when it equals the client's own string-to-sign, the SDK
// tells the user that the AccessKeySecret is wrong.
func signatureMismatch(stringToSign string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "SignatureDoesNotMatch",
		Message: "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign}
}

// errorBody is the JSON of an error reply. Every field must be a JSON
// string: the SDK type-asserts them and panics on anything else.
type errorBody struct {
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
	// AccessDeniedDetail is an object, the one non-string field the SDK
	// reads (as a map).
	AccessDeniedDetail map[string]string `json:"AccessDeniedDetail,omitempty"`
}

// writeError sends err as the gateway would for the given product.
func writeError(w http.ResponseWriter, requestID string, prod product, err *apiError) {
	body, _ := json.Marshal(errorBody{
		RequestID: requestID,
		HostID:    prod.host,
		Code:      err.Code,
		Message:   err.Message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + err.Code + "&product=" + prod.name,

		AccessDeniedDetail: err.Detail,
	})
	writeJSON(w, requestID, err.Status, body)
}

// writeJSON sends a JSON reply with the gateway's headers.
func writeJSON(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-acs-request-id", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newRequestID returns an uppercase random UUID (version 4), the form of
// Alibaba Cloud request IDs. It uses crypto/rand rather than the seeded
// source so that IDs stay unique across emulator restarts (clients keep
// them in journals) and do not disturb the seeded fault sequence.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
